using System.Linq;

namespace Ragnatramp.Config;

/// <summary>
/// The top layer of the precedence: cmdlet parameters (-User or -Credential's user name, -KeyFile,
/// -SwitchName, -TimeoutSec). Each one given replaces that field for every machine.
/// </summary>
internal sealed class CommandOverrides
{
    public CommandOverrides(string? user = null, string? keyFile = null, string? switchName = null, int? timeoutSec = null,
        string userParameter = "User")
    {
        User = user;
        KeyFile = keyFile;
        SwitchName = switchName;
        TimeoutSec = timeoutSec;
        UserParameter = userParameter;
    }

    public string? User { get; }
    /// <summary>An absolute path (the cmdlet resolves -KeyFile against its current location).</summary>
    public string? KeyFile { get; }
    public string? SwitchName { get; }
    public int? TimeoutSec { get; }
    /// <summary>The parameter the user came from ("User", or "Credential" for its user name).</summary>
    public string UserParameter { get; }

    /// <summary><paramref name="login"/> with the user and key file given here put over it.</summary>
    public SshLogin Login(SshLogin login) => new(User ?? login.User, KeyFile ?? login.KeyFile, login.Port);

    /// <summary>The project with every override applied, and the sources saying so.</summary>
    public ProjectConfig Apply(ProjectConfig config)
    {
        var machines = config.Machines.Select(m =>
        {
            var sources = m.Sources;
            if (User != null) sources = sources.With(SettingKeys.SshUser, SettingOrigin.Parameter(UserParameter));
            if (KeyFile != null) sources = sources.With(SettingKeys.SshPrivateKey, SettingOrigin.Parameter("KeyFile"));
            return new MachineDefinition(m.Name, m.Aliases, m.VmName, Login(m.Ssh), m.Size, sources);
        }).ToList();
        var projectSources = config.Sources;
        if (SwitchName != null) projectSources = projectSources.With(SettingKeys.SwitchName, SettingOrigin.Parameter("SwitchName"));
        if (TimeoutSec != null) projectSources = projectSources.With(SettingKeys.AddressTimeout, SettingOrigin.Parameter("TimeoutSec"));
        return new ProjectConfig(config.ConfigPath, config.ProjectName, machines,
            SwitchName ?? config.SwitchName, TimeoutSec ?? config.AddressTimeoutSec,
            config.Defaults, config.NodeCli, config.Publish, projectSources, config.ReconcilePath, config.Warnings);
    }
}
