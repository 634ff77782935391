using System;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.Config;

/// <summary>
/// The schema of ragnatramp.reconcile.yaml: defaults (ssh), machines keyed by the machine names of
/// ragnatramp.yaml (aliases, ssh), settings (switch_name, address_timeout) and publish (ssh_config,
/// hosts_file). Every error names this file, line and column.
/// </summary>
internal sealed class ReconcileDocument
{
    // Keys of ragnatramp.yaml: found here, the error says where they belong.
    private static readonly string[] ProjectFileKeys = { "project", "name", "cpu", "memory", "base_image", "disk_strategy", "artifact_path", "auto_start" };

    private readonly string _file;
    private readonly ProjectFile _project;
    private readonly SettingReaders _read;

    private ReconcileDocument(string file, ProjectFile project, KeyPathExpansion expansion)
    {
        _file = file;
        _project = project;
        _read = new SettingReaders(file, expansion);
    }

    /// <summary>Validates <paramref name="root"/> (null = empty file) read from <paramref name="path"/> against the machines of <paramref name="project"/>.</summary>
    public static ReconcileFile Read(YamlNode? root, string path, ProjectFile project, KeyPathExpansion expansion) =>
        new ReconcileDocument(path, project, expansion).Read(root);

    private string? Hint(string key) =>
        Array.IndexOf(ProjectFileKeys, key) >= 0
            ? $"'{key}' belongs in {System.IO.Path.GetFileName(_project.Path)}, the Node.js CLI's file"
            : key == "aliases" ? "aliases are per machine: machines: {web: {aliases: [www]}}" : null;

    private ReconcileFile Read(YamlNode? root)
    {
        if (root == null || ConfigSection.IsNull(root))
        {
            return ReconcileFile.Empty(_file);
        }
        var top = ConfigSection.Of(root, _file, "the reconcile settings", "settings: {address_timeout: 60}");
        top.AllowOnlyHinting(Hint, "defaults", "machines", "settings", "publish");

        var defaultsSsh = SshSettings.None;
        if (top.OptionalSection("defaults", "defaults", "{ssh: {user: kadmin}}") is { } defaults)
        {
            defaults.AllowOnlyHinting(Hint, "ssh");
            defaultsSsh = _read.Ssh(defaults, withPort: true, Hint);
        }

        Setting<string>? switchName = null;
        Setting<int>? timeout = null;
        if (top.OptionalSection("settings", "settings", "{switch_name: Default Switch, address_timeout: 60}") is { } settings)
        {
            settings.AllowOnlyHinting(Hint, "switch_name", "address_timeout");
            switchName = _read.SwitchName(settings);
            timeout = _read.AddressTimeout(settings);
        }

        Setting<bool>? sshConfig = null;
        Setting<bool>? hostsFile = null;
        if (top.OptionalSection("publish", "publish", "{ssh_config: true, hosts_file: false}") is { } publish)
        {
            publish.AllowOnlyHinting(Hint, "ssh_config", "hosts_file");
            sshConfig = Flag(publish, "ssh_config");
            hostsFile = Flag(publish, "hosts_file");
        }

        return new ReconcileFile(_file, defaultsSsh, ReadMachines(top), switchName, timeout, sshConfig, hostsFile);
    }

    private Setting<bool>? Flag(ConfigSection section, string key) =>
        section.OptionalBoolean(key) is { } value ? new(value, _read.At(section.Find(key)!)) : null;

    private Dictionary<string, ReconcileMachine> ReadMachines(ConfigSection top)
    {
        var machines = new Dictionary<string, ReconcileMachine>(StringComparer.Ordinal);
        var node = top.Find("machines");
        if (node == null || ConfigSection.IsNull(node))
        {
            return machines;
        }
        if (node is YamlSequence)
        {
            throw top.Error(node, "machines here is keyed by machine name, e.g. 'machines: {web: {aliases: [www]}}', not a list like in " +
                                  System.IO.Path.GetFileName(_project.Path));
        }
        var section = ConfigSection.Of(node, _file, "machines", "{web: {aliases: [www]}}");
        var known = _project.Machines.Select(m => m.Name).ToList();
        foreach (var entry in section.Entries)
        {
            var name = entry.Key.Text;
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var sameIgnoringCase = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                var hint = sameIgnoringCase != null
                    ? $"machine names are matched exactly: write '{sameIgnoringCase}'"
                    : $"its machines are {string.Join(", ", known)}; add the machine there first, or remove it here";
                throw section.Error(entry.Key,
                    $"machine '{HostName.Printable(name)}' is not a machine of {_project.Path}: {hint}");
            }
            if (ConfigSection.IsNull(entry.Value))
            {
                machines.Add(name, ReconcileMachine.None);
                continue;
            }
            var machine = ConfigSection.Of(entry.Value, _file, $"machine '{name}'", "{aliases: [www], ssh: {user: kadmin}}");
            machine.AllowOnlyHinting(Hint, "aliases", "ssh");
            machines.Add(name, new ReconcileMachine(_read.Aliases(machine), _read.Ssh(machine, withPort: true, Hint)));
        }
        return machines;
    }
}
