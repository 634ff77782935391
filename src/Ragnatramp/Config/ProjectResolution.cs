using System;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.Config;

/// <summary>
/// Resolves a project field by field: ragnatramp.reconcile.yaml (machine, then defaults) over
/// ragnatramp.yaml (machine, then defaults) over Ragnatramp's defaults, each value keeping its origin.
/// (Cmdlet parameters go over all of these: <see cref="CommandOverrides"/>.)
/// </summary>
internal static class ProjectResolution
{
    public static ProjectConfig Resolve(ProjectFile project, ReconcileFile reconcile, bool reconcileExists)
    {
        var hostNames = new HostNameRegistry();
        foreach (var machine in project.Machines)
        {
            hostNames.AddMachine(machine.Name, machine.NameNode, project.Path);
        }

        var machines = new List<MachineDefinition>();
        foreach (var machine in project.Machines)
        {
            var own = reconcile.Machines.TryGetValue(machine.Name, out var entry) ? entry : ReconcileMachine.None;
            var aliases = own.Aliases ?? machine.Aliases;
            var user = First(own.Ssh.User, reconcile.DefaultsSsh.User, machine.Ssh.User, project.DefaultsSsh.User);
            var key = First(own.Ssh.KeyFile, reconcile.DefaultsSsh.KeyFile, machine.Ssh.KeyFile, project.DefaultsSsh.KeyFile);
            var port = First(own.Ssh.Port, reconcile.DefaultsSsh.Port);

            foreach (var (node, alias) in aliases?.Aliases ?? Array.Empty<(YamlNode, string)>())
            {
                hostNames.AddAlias(alias, machine.Name, node, aliases!.File);
            }
            var sources = SettingSources.Empty
                .With(SettingKeys.Aliases, aliases?.Origin ?? SettingOrigin.Default)
                .With(SettingKeys.SshUser, user?.Origin ?? SettingOrigin.NotSet)
                .With(SettingKeys.SshPrivateKey, key?.Origin ?? SettingOrigin.NotSet)
                .With(SettingKeys.SshPort, port?.Origin ?? SettingOrigin.Default);
            machines.Add(new MachineDefinition(
                machine.Name,
                aliases?.Aliases.Select(a => a.Alias).ToList() ?? new List<string>(),
                machine.VmName,
                new SshLogin(user?.Value, key?.Value, port?.Value),
                machine.Size.Over(project.Defaults.Size),
                sources));
        }

        var switchName = First(reconcile.SwitchName, project.SwitchName);
        var timeout = First(reconcile.AddressTimeout, project.AddressTimeout);
        var projectSources = SettingSources.Empty
            .With(SettingKeys.SwitchName, switchName?.Origin ?? SettingOrigin.Default)
            .With(SettingKeys.AddressTimeout, timeout?.Origin ?? SettingOrigin.Default)
            .With(SettingKeys.PublishSshConfig, reconcile.PublishSshConfig?.Origin ?? SettingOrigin.Default)
            .With(SettingKeys.PublishHostsFile, reconcile.PublishHostsFile?.Origin ?? SettingOrigin.Default);

        return new ProjectConfig(project.Path, project.ProjectName, machines,
            switchName?.Value ?? ProjectConfig.DefaultSwitchName,
            timeout?.Value ?? ProjectConfig.DefaultAddressTimeoutSec,
            project.Defaults, project.NodeCli,
            new PublishSettings(reconcile.PublishSshConfig?.Value ?? false, reconcile.PublishHostsFile?.Value ?? false),
            projectSources,
            reconcileExists ? reconcile.Path : null,
            LegacyWarning(project, reconcile.Path) is { } warning ? new[] { warning } : Array.Empty<string>());
    }

    /// <summary>The one warning for every Ragnatramp 0.1 key in ragnatramp.yaml, each named with its line; null when there are none.</summary>
    public static string? LegacyWarning(ProjectFile project, string reconcilePath)
    {
        if (project.LegacyKeys.Count == 0) return null;
        var keys = string.Join(", ", project.LegacyKeys.Select(k => $"{k.What} (line {k.Line})"));
        return $"{project.Path} holds Ragnatramp 0.1 settings that the Node.js CLI rejects (its schema allows no other keys, " +
               $"so 'ragnatramp validate', 'up', 'halt' and 'destroy' refuse the file): {keys}. They still apply for now; " +
               $"move them to {reconcilePath} (aliases under 'machines: {{<name>: {{aliases: [...]}}}}', switch_name and " +
               "address_timeout under 'settings:').";
    }

    private static Setting<T>? First<T>(params Setting<T>?[] layers) => layers.FirstOrDefault(layer => layer != null);

    /// <summary>Every name that ends up on a hosts line, unique ignoring case, with where it was first written.</summary>
    private sealed class HostNameRegistry
    {
        private readonly Dictionary<string, (string Name, YamlNode Node, string File, string? AliasOf)> _seen =
            new(StringComparer.OrdinalIgnoreCase);

        public void AddMachine(string name, YamlNode node, string file) => _seen[name] = (name, node, file, null);

        public void AddAlias(string alias, string machine, YamlNode node, string file)
        {
            if (_seen.TryGetValue(alias, out var first))
            {
                var what = first.AliasOf == null
                    ? $"the machine name '{first.Name}'"
                    : $"the alias '{first.Name}' of machine '{first.AliasOf}'";
                var where = first.File == file ? $"line {first.Node.Line}" : $"{first.File}, line {first.Node.Line}";
                throw ConfigSection.Error(file, node,
                    $"alias '{alias}' of machine '{machine}' repeats {what} ({where}): " +
                    "every machine name and alias must be unique, ignoring case");
            }
            _seen.Add(alias, (alias, node, file, machine));
        }
    }
}
