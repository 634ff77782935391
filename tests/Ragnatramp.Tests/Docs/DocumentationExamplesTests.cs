using Ragnatramp.Config;
using Ragnatramp.Tests.Config;

namespace Ragnatramp.Tests.Docs;

/// <summary>
/// Every YAML example in README.md, about_Ragnatramp and the cmdlet help: the part meant for
/// ragnatramp.yaml passes the Node.js CLI's schema (so a project written by following the docs
/// works with both tools), and Ragnatramp reads every example, ragnatramp.reconcile.yaml ones
/// together with the ragnatramp.yaml example before them, without an error or a warning.
/// An example starts with a line '# ragnatramp.yaml' or '# ragnatramp.reconcile.yaml'.
/// </summary>
public class DocumentationExamplesTests
{
    private const string ProjectLabel = "# ragnatramp.yaml";
    private const string ReconcileLabel = "# ragnatramp.reconcile.yaml";

    private static readonly string Root = FindRepositoryRoot();

    public static TheoryData<string, int> Documents => new()
    {
        // (file, how many labelled examples it has at least)
        { "README.md", 2 },
        { "src/Ragnatramp/Help/about_Ragnatramp.help.txt", 2 },
        { "src/Ragnatramp/Help/Get-RagnaConfig.help.psd1", 2 },
        { "src/Ragnatramp/Help/Invoke-RagnaReconcile.help.psd1", 0 },
        { "src/Ragnatramp/Help/Sync-RagnaHosts.help.psd1", 0 },
        { "src/Ragnatramp/Help/Get-RagnaVmAddress.help.psd1", 0 },
        { "src/Ragnatramp/Help/Get-RagnaStatus.help.psd1", 0 },
        { "src/Ragnatramp/Help/Get-RagnaSshConfig.help.psd1", 0 },
        { "src/Ragnatramp/Help/Enter-RagnaVm.help.psd1", 0 },
        { "src/Ragnatramp/Help/Sync-RagnaHostsFile.help.psd1", 0 },
    };

    [Fact]
    public void Every_help_file_is_checked()
    {
        var listed = Documents.Select(row => (string)row[0]).Where(f => f.EndsWith(".psd1") || f.EndsWith(".txt")).Select(Path.GetFileName);
        var present = Directory.GetFiles(Path.Combine(Root, "src/Ragnatramp/Help")).Select(Path.GetFileName)
            .Where(f => f!.EndsWith(".help.psd1") || f.EndsWith(".help.txt"));
        Assert.Equal(present.OrderBy(f => f), listed.OrderBy(f => f));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void YAML_examples_keep_ragnatramp_yaml_valid_for_the_Node_js_CLI(string document, int atLeast)
    {
        var lines = File.ReadAllLines(Path.Combine(Root, document));
        // A YAML fence without a label would escape this test.
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() == "```yaml")
                Assert.True(i + 1 < lines.Length && lines[i + 1].Trim() is ProjectLabel or ReconcileLabel,
                    $"{document}:{i + 2}: a yaml example must start with '{ProjectLabel}' or '{ReconcileLabel}'");
        }

        var examples = Examples(lines).ToList();
        Assert.True(examples.Count >= atLeast, $"{document}: {examples.Count} labelled YAML example(s), expected at least {atLeast}");
        string? project = null;
        foreach (var (line, label, text) in examples)
        {
            var where = $"{document}:{line}";
            if (label == ProjectLabel)
            {
                var violations = NodeCliConfigSchema.Violations(ConfigFixture.Reader.Read(text, where));
                Assert.True(violations.Count == 0,
                    $"{where}: the Node.js CLI {NodeCliConfigSchema.NodeCliVersion} would refuse this ragnatramp.yaml: {string.Join("; ", violations)}");
                Assert.Empty(ConfigFixture.Parse(text).Warnings);
                project = text;
            }
            else
            {
                Assert.True(project != null, $"{where}: a ragnatramp.reconcile.yaml example needs a ragnatramp.yaml example before it in the same document");
                var config = ConfigFixture.Parse(project!, text);
                Assert.Empty(config.Warnings);
                Assert.NotNull(config.ReconcilePath);
            }
        }
    }

    [Fact]
    public void The_schema_check_refuses_what_the_Node_js_CLI_refuses()
    {
        // Ragnatramp 0.1's README example: every Node.js command failed on it.
        var old = ConfigFixture.Reader.Read(
            "project:\n  name: demo\ndefaults:\n  base_image: C:/x.vhdx\n  ssh:\n    user: kadmin\nmachines:\n  - name: web\n    aliases: [www]\n" +
            "settings:\n  switch_name: Default Switch\n  address_timeout: 60\n", "old");
        Assert.Equal(new[]
        {
            "defaults: must NOT have additional property 'ssh' (line 5)",
            "machines[0]: must NOT have additional property 'aliases' (line 9)",
            "settings: must NOT have additional property 'switch_name' (line 11)",
            "settings: must NOT have additional property 'address_timeout' (line 12)",
        }, NodeCliConfigSchema.Violations(old));

        Assert.Contains("machines[0]: must have required property 'base_image'",
            NodeCliConfigSchema.Violations(ConfigFixture.Reader.Read("project: {name: demo}\nmachines: [{name: web}]\n", "no-image")));
        Assert.Contains("machines: must have 1 to 3 items, not 4",
            NodeCliConfigSchema.Violations(ConfigFixture.Reader.Read(
                "project: {name: demo}\ndefaults: {base_image: x}\nmachines: [{name: a}, {name: b}, {name: c}, {name: d}]\n", "four")));
        Assert.Contains("defaults.cpu: must be integer",
            NodeCliConfigSchema.Violations(ConfigFixture.Reader.Read("project: {name: demo}\ndefaults: {base_image: x, cpu: '2'}\nmachines: [{name: a}]\n", "cpu")));
    }

    // (line of the label, the label, the example's text without its indentation)
    private static IEnumerable<(int Line, string Label, string Text)> Examples(string[] lines)
    {
        for (var i = 0; i < lines.Length; i++)
        {
            var label = lines[i].Trim();
            if (label is not (ProjectLabel or ReconcileLabel)) continue;
            var indent = lines[i].Length - lines[i].TrimStart().Length;
            var body = new List<string>();
            for (var j = i + 1; j < lines.Length; j++)
            {
                var text = lines[j];
                var trimmed = text.TrimStart();
                if (trimmed.Length == 0 || trimmed.StartsWith("```") || trimmed.StartsWith("\"@") || trimmed.StartsWith("'@")
                    || text.Length - trimmed.Length < indent)
                    break;
                body.Add(text.Substring(indent));
            }
            yield return (i + 1, label, string.Join("\n", body) + "\n");
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && Directory.Exists(Path.Combine(dir.FullName, "src", "Ragnatramp")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No repository root above {AppContext.BaseDirectory}");
    }
}
