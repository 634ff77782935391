using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

/// <summary>
/// The precedence table: every field resolved from each layer that can set it, field by field:
/// cmdlet parameters, then ragnatramp.reconcile.yaml (machine, then defaults), then ragnatramp.yaml
/// (machine, then defaults), then Ragnatramp's default. Each case leaves out the field in every
/// layer above the one it tests (the other fields stay set everywhere) and checks the value and
/// the origin Get-RagnaConfig reports.
/// </summary>
public class PrecedenceTests
{
    private enum Layer { Parameter, ReconcileMachine, ReconcileDefaults, ProjectMachine, ProjectDefaults, Default }

    // The layers each field can come from, top first (Default = Ragnatramp's default or "not set").
    private static readonly Dictionary<string, Layer[]> Chains = new()
    {
        [SettingKeys.SshUser] = new[] { Layer.Parameter, Layer.ReconcileMachine, Layer.ReconcileDefaults, Layer.ProjectMachine, Layer.ProjectDefaults, Layer.Default },
        [SettingKeys.SshPrivateKey] = new[] { Layer.Parameter, Layer.ReconcileMachine, Layer.ReconcileDefaults, Layer.ProjectMachine, Layer.ProjectDefaults, Layer.Default },
        [SettingKeys.SshPort] = new[] { Layer.ReconcileMachine, Layer.ReconcileDefaults, Layer.Default },
        [SettingKeys.Aliases] = new[] { Layer.ReconcileMachine, Layer.ProjectMachine, Layer.Default },
        // Project-wide settings: the files' "settings:" sections stand for their layer.
        [SettingKeys.SwitchName] = new[] { Layer.Parameter, Layer.ReconcileDefaults, Layer.ProjectDefaults, Layer.Default },
        [SettingKeys.AddressTimeout] = new[] { Layer.Parameter, Layer.ReconcileDefaults, Layer.ProjectDefaults, Layer.Default },
        [SettingKeys.PublishSshConfig] = new[] { Layer.ReconcileDefaults, Layer.Default },
        [SettingKeys.PublishHostsFile] = new[] { Layer.ReconcileDefaults, Layer.Default },
    };

    public static TheoryData<string, string> Table()
    {
        var data = new TheoryData<string, string>();
        foreach (var (field, chain) in Chains)
            foreach (var layer in chain)
                data.Add(field, layer.ToString());
        return data;
    }

    [Theory]
    [MemberData(nameof(Table))]
    public void Each_field_comes_from_the_highest_layer_that_sets_it(string field, string layerName)
    {
        var layer = Enum.Parse<Layer>(layerName);
        var chain = Chains[field];
        bool Sets(Layer l, string f) => f != field || Array.IndexOf(chain, l) >= Array.IndexOf(chain, layer);

        var yaml = ProjectYaml(Sets);
        var reconcile = ReconcileYaml(Sets);
        var config = ConfigFixture.Parse(yaml, reconcile);
        if (Sets(Layer.Parameter, SettingKeys.SshUser) || Sets(Layer.Parameter, SettingKeys.SwitchName))
        {
            config = new CommandOverrides(
                Sets(Layer.Parameter, SettingKeys.SshUser) ? "p-user" : null,
                Sets(Layer.Parameter, SettingKeys.SshPrivateKey) ? Key("p") : null,
                Sets(Layer.Parameter, SettingKeys.SwitchName) ? "P Switch" : null,
                Sets(Layer.Parameter, SettingKeys.AddressTimeout) ? 33 : null).Apply(config);
        }
        var web = config.Machines.Single(m => m.Name == "web");

        var (value, origin) = field switch
        {
            SettingKeys.SshUser => ((object?)web.Ssh.User, web.Sources[field]),
            SettingKeys.SshPrivateKey => (web.Ssh.KeyFile, web.Sources[field]),
            SettingKeys.SshPort => (web.Ssh.Port ?? SshLogin.DefaultPort, web.Sources[field]),
            SettingKeys.Aliases => (string.Join(",", web.Aliases), web.Sources[field]),
            SettingKeys.SwitchName => (config.SwitchName, config.Sources[field]),
            SettingKeys.AddressTimeout => (config.AddressTimeoutSec, config.Sources[field]),
            SettingKeys.PublishSshConfig => (config.Publish.SshConfig, config.Sources[field]),
            _ => ((object?)config.Publish.HostsFile, config.Sources[field]),
        };

        Assert.Equal(Expected(field, layer), value);
        switch (layer)
        {
            case Layer.Parameter:
                Assert.StartsWith("-", origin.ToString());
                Assert.Null(origin.File);
                break;
            case Layer.Default:
                Assert.Equal(field is SettingKeys.SshUser or SettingKeys.SshPrivateKey ? "not set" : "default", origin.ToString());
                break;
            default:
                var inReconcile = layer is Layer.ReconcileMachine or Layer.ReconcileDefaults;
                var file = inReconcile ? ConfigFixture.ReconcilePath : ConfigFixture.ConfigPath;
                Assert.Equal(file, origin.File);
                Assert.Equal($"{Path.GetFileName(file)}:{origin.Line}", origin.ToString());
                // The origin's line is the one that wrote the value, in that layer's part of the file.
                var line = (inReconcile ? reconcile : yaml).Split('\n')[origin.Line - 1];
                Assert.Contains(Marker(layer), line);
                break;
        }
    }

    [Fact]
    public void The_table_covers_every_field_Get_RagnaConfig_reports()
    {
        var config = ConfigFixture.Parse(ProjectYaml((_, _) => true), ReconcileYaml((_, _) => true));
        var reported = config.Machines[0].Sources.Concat(config.Sources).Select(s => s.Key).ToList();
        Assert.Equal(reported.OrderBy(k => k), Chains.Keys.OrderBy(k => k));
    }

    [Fact]
    public void A_machine_without_its_own_entry_takes_the_defaults_of_the_reconcile_file()
    {
        var config = ConfigFixture.Parse(ProjectYaml((_, _) => true), ReconcileYaml((_, _) => true));
        var db = config.Machines.Single(m => m.Name == "db");
        Assert.Equal("rd-user", db.Ssh.User);
        Assert.Equal(2202, db.Ssh.Port);
        Assert.Empty(db.Aliases);
    }

    private static object? Expected(string field, Layer layer) => (field, layer) switch
    {
        (SettingKeys.SshUser, Layer.Default) => null,
        (SettingKeys.SshUser, _) => $"{Prefix(layer)}-user",
        (SettingKeys.SshPrivateKey, Layer.Default) => null,
        (SettingKeys.SshPrivateKey, _) => Key(Prefix(layer)),
        (SettingKeys.SshPort, Layer.ReconcileMachine) => 2201,
        (SettingKeys.SshPort, Layer.ReconcileDefaults) => 2202,
        (SettingKeys.SshPort, _) => 22,
        (SettingKeys.Aliases, Layer.Default) => "",
        (SettingKeys.Aliases, _) => $"{Prefix(layer)}-alias",
        (SettingKeys.SwitchName, Layer.Parameter) => "P Switch",
        (SettingKeys.SwitchName, Layer.ReconcileDefaults) => "R Switch",
        (SettingKeys.SwitchName, Layer.ProjectDefaults) => "Y Switch",
        (SettingKeys.SwitchName, _) => "Default Switch",
        (SettingKeys.AddressTimeout, Layer.Parameter) => 33,
        (SettingKeys.AddressTimeout, Layer.ReconcileDefaults) => 21,
        (SettingKeys.AddressTimeout, Layer.ProjectDefaults) => 11,
        (SettingKeys.AddressTimeout, _) => 60,
        (_, Layer.ReconcileDefaults) => true,
        _ => false,
    };

    private static string Prefix(Layer layer) => layer switch
    {
        Layer.Parameter => "p",
        Layer.ReconcileMachine => "rm",
        Layer.ReconcileDefaults => "rd",
        Layer.ProjectMachine => "ym",
        _ => "yd",
    };

    // Every line a layer writes carries its marker comment, so an origin's line can be checked.
    private static string Marker(Layer layer) => $"# {Prefix(layer)}";

    private static string Key(string prefix) => Path.Combine(ConfigFixture.Directory, "keys", prefix);

    private static string ProjectYaml(Func<Layer, string, bool> sets)
    {
        var yaml = "project: {name: demo}\ndefaults:\n  base_image: C:/HyperV/ubuntu.vhdx\n";
        if (sets(Layer.ProjectDefaults, SettingKeys.SshUser) || sets(Layer.ProjectDefaults, SettingKeys.SshPrivateKey))
        {
            yaml += "  ssh:\n";
            if (sets(Layer.ProjectDefaults, SettingKeys.SshUser)) yaml += "    user: yd-user # yd\n";
            if (sets(Layer.ProjectDefaults, SettingKeys.SshPrivateKey)) yaml += "    private_key: ./keys/yd # yd\n";
        }
        yaml += "machines:\n  - name: web\n";
        if (sets(Layer.ProjectMachine, SettingKeys.Aliases)) yaml += "    aliases: [ym-alias] # ym\n";
        if (sets(Layer.ProjectMachine, SettingKeys.SshUser) || sets(Layer.ProjectMachine, SettingKeys.SshPrivateKey))
        {
            yaml += "    ssh:\n";
            if (sets(Layer.ProjectMachine, SettingKeys.SshUser)) yaml += "      user: ym-user # ym\n";
            if (sets(Layer.ProjectMachine, SettingKeys.SshPrivateKey)) yaml += "      private_key: ./keys/ym # ym\n";
        }
        yaml += "  - name: db\nsettings:\n  auto_start: true\n";
        if (sets(Layer.ProjectDefaults, SettingKeys.SwitchName)) yaml += "  switch_name: Y Switch # yd\n";
        if (sets(Layer.ProjectDefaults, SettingKeys.AddressTimeout)) yaml += "  address_timeout: 11 # yd\n";
        return yaml;
    }

    private static string ReconcileYaml(Func<Layer, string, bool> sets)
    {
        var yaml = "defaults:\n  ssh:\n";
        if (sets(Layer.ReconcileDefaults, SettingKeys.SshUser)) yaml += "    user: rd-user # rd\n";
        if (sets(Layer.ReconcileDefaults, SettingKeys.SshPrivateKey)) yaml += "    private_key: ./keys/rd # rd\n";
        if (sets(Layer.ReconcileDefaults, SettingKeys.SshPort)) yaml += "    port: 2202 # rd\n";
        yaml += "machines:\n  web:\n";
        if (sets(Layer.ReconcileMachine, SettingKeys.Aliases)) yaml += "    aliases: [rm-alias] # rm\n";
        yaml += "    ssh:\n";
        if (sets(Layer.ReconcileMachine, SettingKeys.SshUser)) yaml += "      user: rm-user # rm\n";
        if (sets(Layer.ReconcileMachine, SettingKeys.SshPrivateKey)) yaml += "      private_key: ./keys/rm # rm\n";
        if (sets(Layer.ReconcileMachine, SettingKeys.SshPort)) yaml += "      port: 2201 # rm\n";
        yaml += "settings:\n";
        if (sets(Layer.ReconcileDefaults, SettingKeys.SwitchName)) yaml += "  switch_name: R Switch # rd\n";
        if (sets(Layer.ReconcileDefaults, SettingKeys.AddressTimeout)) yaml += "  address_timeout: 21 # rd\n";
        yaml += "publish:\n";
        if (sets(Layer.ReconcileDefaults, SettingKeys.PublishSshConfig)) yaml += "  ssh_config: true # rd\n";
        if (sets(Layer.ReconcileDefaults, SettingKeys.PublishHostsFile)) yaml += "  hosts_file: true # rd\n";
        return yaml;
    }
}
