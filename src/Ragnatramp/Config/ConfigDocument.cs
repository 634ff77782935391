using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace Ragnatramp.Config;

/// <summary>
/// The schema of ragnatramp.yaml (the Node.js CLI's, plus ssh, aliases, settings.switch_name and
/// settings.address_timeout), applied to a parsed document to build a <see cref="ProjectConfig"/>.
/// </summary>
internal sealed class ConfigDocument
{
    private const string ProjectNameRule = "use a letter first, then letters, digits or '-', at most 32 characters";
    private const string MachineNameRule = "use a letter first, then letters, digits or '-', at most 16 characters";
    private const string HostNameRule =
        "a host name is labels of letters, digits and '-' (1 to 63 characters each, not starting or ending with '-') " +
        "joined by '.', at most 253 characters";
    private const string UserRule = "a user name without spaces or control characters";
    private const string NonEmptyRule = "it may not be empty";

    private static readonly Regex ProjectName = new("^[a-zA-Z][a-zA-Z0-9-]{0,31}$", RegexOptions.CultureInvariant);
    private static readonly Regex MachineName = new("^[a-zA-Z][a-zA-Z0-9-]{0,15}$", RegexOptions.CultureInvariant);

    private readonly string _file;
    private readonly KeyPathExpansion _expansion;
    private readonly string _configDirectory;

    private ConfigDocument(string file, KeyPathExpansion expansion)
    {
        _file = file;
        _expansion = expansion;
        _configDirectory = Path.GetDirectoryName(file) ?? ".";
    }

    /// <summary>Validates <paramref name="root"/> (null = empty file) read from the absolute <paramref name="configPath"/>.</summary>
    public static ProjectConfig Build(YamlNode? root, string configPath, KeyPathExpansion expansion) =>
        new ConfigDocument(configPath, expansion).Build(root);

    private ProjectConfig Build(YamlNode? root)
    {
        if (root == null || ConfigSection.IsNull(root))
        {
            throw new ConfigException(_file, root?.Line ?? 1, root?.Column ?? 1,
                "the config is empty: it needs at least 'project:' with a name and 'machines:' with one machine");
        }
        var top = ConfigSection.Of(root, _file, "the config", "project: {name: demo}");
        top.AllowOnly("project", "defaults", "machines", "settings");

        var projectName = ReadProjectName(top);
        var defaults = ReadDefaults(top.OptionalSection("defaults", "defaults", "{cpu: 2, memory: 2048}"));
        var machines = ReadMachines(top, projectName, defaults);
        var settings = top.OptionalSection("settings", "settings", "{switch_name: Default Switch}");

        var switchName = ProjectConfig.DefaultSwitchName;
        var timeout = ProjectConfig.DefaultAddressTimeoutSec;
        var nodeCli = NodeCliSettings.None;
        if (settings != null)
        {
            settings.AllowOnly("switch_name", "address_timeout", "artifact_path", "auto_start");
            switchName = settings.OptionalText("switch_name", "the name of a Hyper-V virtual switch; " + NonEmptyRule, IsNotBlank)
                ?? switchName;
            timeout = settings.OptionalInteger("address_timeout", 0, 3600, " of seconds") ?? timeout;
            nodeCli = new NodeCliSettings(
                settings.OptionalText("artifact_path", "a folder path; " + NonEmptyRule, IsNotBlank),
                settings.OptionalBoolean("auto_start"));
        }

        return new ProjectConfig(_file, projectName, machines, switchName, timeout, defaults, nodeCli);
    }

    private string ReadProjectName(ConfigSection top)
    {
        const string example = "project: {name: demo}";
        var project = ConfigSection.Of(top.Require("project", "add 'project:' with 'name: <project name>'"), _file, "project", example);
        project.AllowOnly("name");
        var name = project.Require("name", "add 'name: <project name>' (" + ProjectNameRule + ")");
        return project.Text(name, "project name", ProjectNameRule, ProjectName.IsMatch);
    }

    private MachineDefaults ReadDefaults(ConfigSection? defaults)
    {
        if (defaults == null)
        {
            return MachineDefaults.None;
        }
        defaults.AllowOnly("cpu", "memory", "base_image", "disk_strategy", "ssh");
        var diskStrategy = defaults.OptionalText("disk_strategy", "use 'differencing' or 'copy'",
            s => s == "differencing" || s == "copy");
        return new MachineDefaults(ReadSize(defaults), ReadSsh(defaults), diskStrategy);
    }

    // The Node.js CLI's limits (its JSON schema): 1-64 CPUs, 512 MB to 1 TB of memory.
    private static MachineSize ReadSize(ConfigSection section) => new(
        section.OptionalInteger("cpu", 1, 64),
        section.OptionalInteger("memory", 512, 1048576, " of MB"),
        section.OptionalText("base_image", "the path of a .vhdx image; " + NonEmptyRule, IsNotBlank));

    private SshLogin ReadSsh(ConfigSection owner)
    {
        var ssh = owner.OptionalSection("ssh", $"ssh in {owner.Label}", "{user: admin, private_key: ~/.ssh/id_ed25519}");
        if (ssh == null)
        {
            return SshLogin.None;
        }
        ssh.AllowOnly("user", "private_key");
        var user = ssh.OptionalText("user", UserRule, IsUserName);
        string? keyFile = null;
        var keyNode = ssh.Find("private_key");
        if (keyNode != null)
        {
            var written = ssh.Text(keyNode, "private_key", "the path of an SSH private key file; " + NonEmptyRule, IsNotBlank, ssh.Label);
            try
            {
                keyFile = _expansion.Expand(written, _configDirectory);
            }
            catch (KeyPathException e)
            {
                throw ssh.Error(keyNode, $"private_key in {ssh.Label}: {e.Message}");
            }
        }
        return new SshLogin(user, keyFile);
    }

    private List<MachineDefinition> ReadMachines(ConfigSection top, string projectName, MachineDefaults defaults)
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

        var machines = new List<MachineDefinition>();
        var hostNames = new HostNameRegistry(_file);
        var aliasNodes = new List<(YamlNode Node, string Alias, string Machine)>();
        for (var i = 0; i < list.Items.Count; i++)
        {
            var section = ConfigSection.Of(list.Items[i], _file, MachineLabel(list.Items[i], i), "{name: web}");
            // Unknown keys first: a misspelt 'nmae' is better reported as such than as a missing name.
            section.AllowOnly("name", "aliases", "ssh", "cpu", "memory", "base_image");
            var nameNode = section.Require("name", "add 'name: <machine name>' (" + MachineNameRule + ")");
            var name = section.Text(nameNode, "machine name", MachineNameRule, MachineName.IsMatch);
            if (name.EndsWith("-", StringComparison.Ordinal))
            {
                throw section.Error(nameNode, $"machine name '{name}' is invalid: it becomes a host name, which may not end with '-'");
            }
            hostNames.AddMachine(name, nameNode);

            var aliases = ReadAliases(section);
            foreach (var (aliasNode, alias) in aliases)
            {
                aliasNodes.Add((aliasNode, alias, name));
            }
            machines.Add(new MachineDefinition(
                name,
                aliases.ConvertAll(a => a.Alias),
                VmNaming.Derive(projectName, name, _file),
                ReadSsh(section).Over(defaults.Ssh),
                ReadSize(section).Over(defaults.Size)));
        }

        // Aliases are checked once every machine name is known: an alias may not repeat a later machine's name either.
        foreach (var (aliasNode, alias, machine) in aliasNodes)
        {
            hostNames.AddAlias(alias, machine, aliasNode);
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

    private List<(YamlNode Node, string Alias)> ReadAliases(ConfigSection machine)
    {
        var aliases = new List<(YamlNode, string)>();
        var node = machine.Find("aliases");
        if (node == null || ConfigSection.IsNull(node))
        {
            return aliases;
        }
        if (node is not YamlSequence list)
        {
            throw machine.Error(node, $"aliases of {machine.Label} must be a list of host names, e.g. [www, web.local], not {node.Description}");
        }
        foreach (var item in list.Items)
        {
            var alias = machine.Text(item, $"alias of {machine.Label}", HostNameRule);
            var problem = HostName.Problem(alias);
            if (problem != null)
            {
                throw machine.Error(item,
                    $"alias '{HostName.Printable(alias)}' of {machine.Label} is not a valid host name: {problem}; {HostNameRule}");
            }
            aliases.Add((item, alias));
        }
        return aliases;
    }

    private static bool IsNotBlank(string text) => text.Trim().Length > 0;

    private static bool IsUserName(string text)
    {
        if (text.Length == 0) return false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) return false;
        }
        return true;
    }

    /// <summary>Every name that ends up on a hosts line, unique ignoring case, with where it was first written.</summary>
    private sealed class HostNameRegistry
    {
        private readonly string _file;
        private readonly Dictionary<string, (string Name, YamlNode Node, string? AliasOf)> _seen =
            new(StringComparer.OrdinalIgnoreCase);

        public HostNameRegistry(string file) => _file = file;

        public void AddMachine(string name, YamlNode node)
        {
            if (_seen.TryGetValue(name, out var first))
            {
                throw ConfigSection.Error(_file, node,
                    $"machine name '{name}' repeats '{first.Name}' (line {first.Node.Line}): machine names must be unique, ignoring case");
            }
            _seen.Add(name, (name, node, null));
        }

        public void AddAlias(string alias, string machine, YamlNode node)
        {
            if (_seen.TryGetValue(alias, out var first))
            {
                var what = first.AliasOf == null
                    ? $"the machine name '{first.Name}'"
                    : $"the alias '{first.Name}' of machine '{first.AliasOf}'";
                throw ConfigSection.Error(_file, node,
                    $"alias '{alias}' of machine '{machine}' repeats {what} (line {first.Node.Line}): " +
                    "every machine name and alias must be unique, ignoring case");
            }
            _seen.Add(alias, (alias, node, machine));
        }
    }
}
