using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace Ragnatramp.Config;

/// <summary>
/// The schema of ragnatramp.yaml, the Node.js CLI's file: its keys with additionalProperties:false at
/// every level, plus the ssh blocks of its spec 003. Ragnatramp 0.1's own keys (machines[].aliases,
/// settings.switch_name, settings.address_timeout) are still read but noted as legacy, for one warning.
/// </summary>
internal sealed class ConfigDocument
{
    private const string ProjectNameRule = "use a letter first, then letters, digits or '-', at most 32 characters";
    private const string MachineNameRule = "use a letter first, then letters, digits or '-', at most 16 characters";

    private static readonly Regex ProjectName = new("^[a-zA-Z][a-zA-Z0-9-]{0,31}$", RegexOptions.CultureInvariant);
    private static readonly Regex MachineName = new("^[a-zA-Z][a-zA-Z0-9-]{0,15}$", RegexOptions.CultureInvariant);

    // Keys of ragnatramp.reconcile.yaml: found in ragnatramp.yaml, the error says where they belong.
    private static readonly string[] ReconcileOnlyKeys = { "publish", "port", "ssh_config", "hosts_file" };

    private readonly string _file;
    private readonly SettingReaders _read;
    private readonly List<LegacyKey> _legacy = new();

    private ConfigDocument(string file, KeyPathExpansion expansion)
    {
        _file = file;
        _read = new SettingReaders(file, expansion);
    }

    /// <summary>Validates <paramref name="root"/> (null = empty file) read from the absolute <paramref name="configPath"/>.</summary>
    public static ProjectFile Read(YamlNode? root, string configPath, KeyPathExpansion expansion) =>
        new ConfigDocument(configPath, expansion).Read(root);

    private string? Hint(string key) =>
        Array.IndexOf(ReconcileOnlyKeys, key) >= 0
            ? $"'{key}' belongs in {ConfigLoader.ReconcileFileName(_file)} beside this file (the Node.js CLI rejects it here)"
            : null;

    private ProjectFile Read(YamlNode? root)
    {
        if (root == null || ConfigSection.IsNull(root))
        {
            throw new ConfigException(_file, root?.Line ?? 1, root?.Column ?? 1,
                "the config is empty: it needs at least 'project:' with a name and 'machines:' with one machine");
        }
        var top = ConfigSection.Of(root, _file, "the config", "project: {name: demo}");
        top.AllowOnlyHinting(Hint, "project", "defaults", "machines", "settings");

        var projectName = ReadProjectName(top);
        var defaultsSection = top.OptionalSection("defaults", "defaults", "{cpu: 2, memory: 2048}");
        var (defaults, defaultsSsh) = ReadDefaults(defaultsSection);
        var machines = ReadMachines(top, projectName);

        Setting<string>? switchName = null;
        Setting<int>? timeout = null;
        var nodeCli = NodeCliSettings.None;
        if (top.OptionalSection("settings", "settings", "{auto_start: true}") is { } settings)
        {
            settings.AllowOnlyHinting(Hint, new[] { "switch_name", "address_timeout" }, "artifact_path", "auto_start");
            switchName = _read.SwitchName(settings);
            timeout = _read.AddressTimeout(settings);
            NoteLegacy(settings, "switch_name", "settings.switch_name");
            NoteLegacy(settings, "address_timeout", "settings.address_timeout");
            nodeCli = new NodeCliSettings(
                settings.OptionalText("artifact_path", "a folder path; " + SettingReaders.NonEmptyRule, SettingReaders.IsNotBlank),
                settings.OptionalBoolean("auto_start"));
        }
        return new ProjectFile(_file, projectName, defaults, defaultsSsh, machines, nodeCli, switchName, timeout, _legacy);
    }

    private void NoteLegacy(ConfigSection section, string key, string what)
    {
        var entry = section.FindEntry(key);
        if (entry != null) _legacy.Add(new LegacyKey(what, entry.Key.Line, entry.Key.Column));
    }

    private string ReadProjectName(ConfigSection top)
    {
        const string example = "project: {name: demo}";
        var project = ConfigSection.Of(top.Require("project", "add 'project:' with 'name: <project name>'"), _file, "project", example);
        project.AllowOnly("name");
        var name = project.Require("name", "add 'name: <project name>' (" + ProjectNameRule + ")");
        return project.Text(name, "project name", ProjectNameRule, ProjectName.IsMatch);
    }

    private (MachineDefaults, SshSettings) ReadDefaults(ConfigSection? defaults)
    {
        if (defaults == null)
        {
            return (MachineDefaults.None, SshSettings.None);
        }
        defaults.AllowOnlyHinting(Hint, "cpu", "memory", "base_image", "disk_strategy", "ssh");
        var diskStrategy = defaults.OptionalText("disk_strategy", "use 'differencing' or 'copy'",
            s => s == "differencing" || s == "copy");
        var ssh = _read.Ssh(defaults, withPort: false, Hint);
        return (new MachineDefaults(ReadSize(defaults), new SshLogin(ssh.User?.Value, ssh.KeyFile?.Value), diskStrategy), ssh);
    }

    // The Node.js CLI's limits (its JSON schema): 1-64 CPUs, 512 MB to 1 TB of memory.
    private static MachineSize ReadSize(ConfigSection section) => new(
        section.OptionalInteger("cpu", 1, 64),
        section.OptionalInteger("memory", 512, 1048576, " of MB"),
        section.OptionalText("base_image", "the path of a .vhdx image; " + SettingReaders.NonEmptyRule, SettingReaders.IsNotBlank));

    private List<ProjectFileMachine> ReadMachines(ConfigSection top, string projectName)
    {
        const string howToFix = "list at least one machine, e.g. 'machines: [{name: web}]'";
        var node = top.Require("machines", howToFix);
        if (node is not YamlSequence list)
        {
            throw top.Error(node, $"machines must be a list of machines, e.g. [{{name: web}}], not {node.Description}");
        }
        if (list.Items.Count == 0)
        {
            throw top.Error(node, "machines is empty: " + howToFix);
        }

        var machines = new List<ProjectFileMachine>();
        var seen = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < list.Items.Count; i++)
        {
            var section = ConfigSection.Of(list.Items[i], _file, MachineLabel(list.Items[i], i), "{name: web}");
            // Unknown keys first: a misspelt 'nmae' is better reported as such than as a missing name.
            section.AllowOnlyHinting(Hint, new[] { "aliases" }, "name", "cpu", "memory", "base_image", "ssh");
            var nameNode = section.Require("name", "add 'name: <machine name>' (" + MachineNameRule + ")");
            var name = section.Text(nameNode, "machine name", MachineNameRule, MachineName.IsMatch);
            if (name.EndsWith("-", StringComparison.Ordinal))
            {
                throw section.Error(nameNode, $"machine name '{name}' is invalid: it becomes a host name, which may not end with '-'");
            }
            if (seen.TryGetValue(name, out var first))
            {
                throw section.Error(nameNode,
                    $"machine name '{name}' repeats '{((YamlScalar)first).Text}' (line {first.Line}): machine names must be unique, ignoring case");
            }
            seen.Add(name, nameNode);
            NoteLegacy(section, "aliases", $"aliases of machine '{name}'");
            machines.Add(new ProjectFileMachine(name, nameNode, VmNaming.Derive(projectName, name, _file),
                ReadSize(section), _read.Ssh(section, withPort: false, Hint), _read.Aliases(section)));
        }
        return machines;
    }

    // "machine 'web'" once the machine has a valid name, else its place in the list.
    private static string MachineLabel(YamlNode machine, int index) =>
        machine is YamlMapping mapping
        && mapping.Entries.FirstOrDefault(e => e.Key.Text == "name")?.Value is YamlScalar { Type: YamlScalarType.String } name
        && MachineName.IsMatch(name.Text)
            ? $"machine '{name.Text}'"
            : $"machine {index + 1} of machines";
}
