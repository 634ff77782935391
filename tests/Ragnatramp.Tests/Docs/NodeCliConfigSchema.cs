using System.Text.RegularExpressions;
using Ragnatramp.Config;

namespace Ragnatramp.Tests.Docs;

/// <summary>
/// The Node.js CLI's own rules for ragnatramp.yaml, written down here so documentation can be held
/// to them: the JSON schema (draft-07, validated with ajv after js-yaml parses the file) of the
/// Node.js CLI ragnatramp 0.1.0 (its package.json version; file src/config/schema.json). Assumed:
/// that version is the one users run beside Ragnatramp; its schema has no 'ssh' blocks (spec 003
/// only plans them), so documentation never puts 'ssh' in ragnatramp.yaml either. Every level has
/// additionalProperties: false.
/// </summary>
internal static class NodeCliConfigSchema
{
    public const string NodeCliVersion = "0.1.0";

    private static readonly Regex ProjectName = new("^[a-zA-Z][a-zA-Z0-9-]{0,31}$");
    private static readonly Regex MachineName = new("^[a-zA-Z][a-zA-Z0-9-]{0,15}$");

    /// <summary>Every way <paramref name="root"/> breaks the schema, as "path: problem"; empty when it passes.</summary>
    public static List<string> Violations(YamlNode? root)
    {
        var problems = new List<string>();
        if (root is not YamlMapping top)
        {
            problems.Add("(root): must be an object");
            return problems;
        }
        Keys(top, "(root)", problems, required: new[] { "project", "machines" }, allowed: new[] { "project", "defaults", "machines", "settings" });

        if (Get(top, "project") is { } project && Object(project, "project", problems) is { } p)
        {
            Keys(p, "project", problems, required: new[] { "name" }, allowed: new[] { "name" });
            if (Get(p, "name") is { } name) Text(name, "project.name", problems, ProjectName);
        }

        var defaultsHaveImage = false;
        if (Get(top, "defaults") is { } defaults && Object(defaults, "defaults", problems) is { } d)
        {
            Keys(d, "defaults", problems, required: Array.Empty<string>(), allowed: new[] { "cpu", "memory", "base_image", "disk_strategy" });
            Size(d, "defaults", problems);
            if (Get(d, "disk_strategy") is { } strategy && Text(strategy, "defaults.disk_strategy", problems) is { } s && s is not ("differencing" or "copy"))
                problems.Add("defaults.disk_strategy: must be one of differencing, copy");
            defaultsHaveImage = Get(d, "base_image") != null;
        }

        if (Get(top, "machines") is { } machines)
        {
            if (machines is not YamlSequence list)
            {
                problems.Add("machines: must be an array");
            }
            else
            {
                if (list.Items.Count is < 1 or > 3) problems.Add($"machines: must have 1 to 3 items, not {list.Items.Count}");
                var seen = new HashSet<string>();
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var path = $"machines[{i}]";
                    if (Object(list.Items[i], path, problems) is not { } m) continue;
                    var required = defaultsHaveImage ? new[] { "name" } : new[] { "name", "base_image" };
                    Keys(m, path, problems, required, allowed: new[] { "name", "cpu", "memory", "base_image" });
                    if (Get(m, "name") is { } name) Text(name, path + ".name", problems, MachineName);
                    Size(m, path, problems);
                    if (!seen.Add(string.Join(";", m.Entries.Select(e => $"{e.Key.Text}={Describe(e.Value)}"))))
                        problems.Add($"{path}: must be unique (uniqueItems)");
                }
            }
        }

        if (Get(top, "settings") is { } settings && Object(settings, "settings", problems) is { } st)
        {
            Keys(st, "settings", problems, required: Array.Empty<string>(), allowed: new[] { "artifact_path", "auto_start" });
            if (Get(st, "artifact_path") is { } artifacts) Text(artifacts, "settings.artifact_path", problems);
            if (Get(st, "auto_start") is { } autoStart && autoStart is not YamlScalar { Type: YamlScalarType.Boolean })
                problems.Add("settings.auto_start: must be boolean");
        }
        return problems;
    }

    private static void Size(YamlMapping section, string path, List<string> problems)
    {
        Integer(section, "cpu", 1, 64, path, problems);
        Integer(section, "memory", 512, 1048576, path, problems);
        if (Get(section, "base_image") is { } image) Text(image, path + ".base_image", problems);
    }

    private static void Keys(YamlMapping mapping, string path, List<string> problems, string[] required, string[] allowed)
    {
        foreach (var entry in mapping.Entries.Where(e => !allowed.Contains(e.Key.Text)))
            problems.Add($"{path}: must NOT have additional property '{entry.Key.Text}' (line {entry.Key.Line})");
        foreach (var key in required.Where(k => Get(mapping, k) == null))
            problems.Add($"{path}: must have required property '{key}'");
    }

    private static YamlMapping? Object(YamlNode node, string path, List<string> problems)
    {
        if (node is YamlMapping mapping) return mapping;
        problems.Add($"{path}: must be an object");
        return null;
    }

    private static string? Text(YamlNode node, string path, List<string> problems, Regex? pattern = null)
    {
        if (node is not YamlScalar { Type: YamlScalarType.String } scalar || scalar.Text.Length == 0)
        {
            problems.Add($"{path}: must be a non-empty string");
            return null;
        }
        if (pattern != null && !pattern.IsMatch(scalar.Text)) problems.Add($"{path}: must match pattern {pattern}");
        return scalar.Text;
    }

    private static void Integer(YamlMapping section, string key, long min, long max, string path, List<string> problems)
    {
        if (Get(section, key) is not { } node) return;
        if (node is not YamlScalar { Type: YamlScalarType.Integer } scalar || !long.TryParse(scalar.Text, out var value))
            problems.Add($"{path}.{key}: must be integer");
        else if (value < min || value > max)
            problems.Add($"{path}.{key}: must be from {min} to {max}");
    }

    private static YamlNode? Get(YamlMapping mapping, string key) => mapping.Entries.FirstOrDefault(e => e.Key.Text == key)?.Value;

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalar s => s.Text,
        YamlSequence q => "[" + string.Join(",", q.Items.Select(Describe)) + "]",
        YamlMapping m => "{" + string.Join(",", m.Entries.Select(e => e.Key.Text + ":" + Describe(e.Value))) + "}",
        _ => "",
    };
}
