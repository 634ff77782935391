using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

/// <summary>Ragnatramp 0.1's keys in ragnatramp.yaml: still honoured, one warning naming each key, its line and where it belongs.</summary>
public class LegacyKeysTests
{
    [Fact]
    public void Keys_of_Ragnatramp_0_1_still_apply_with_one_warning_naming_each_key_and_line()
    {
        var config = ConfigFixture.Parse("""
            project: {name: demo}
            machines:
              - name: web
                aliases: [www]
              - name: db
                aliases: [postgres]
            settings:
              switch_name: LAN
              address_timeout: 5
            """);

        Assert.Equal(new[] { "www" }, config.Machines[0].Aliases);
        Assert.Equal("LAN", config.SwitchName);
        Assert.Equal(5, config.AddressTimeoutSec);
        var warning = Assert.Single(config.Warnings);
        Assert.StartsWith($"{ConfigFixture.ConfigPath} holds Ragnatramp 0.1 settings that the Node.js CLI rejects", warning);
        Assert.Contains("aliases of machine 'web' (line 4), aliases of machine 'db' (line 6), " +
                        "settings.switch_name (line 8), settings.address_timeout (line 9)", warning);
        Assert.Contains($"move them to {ConfigFixture.ReconcilePath}", warning);
        Assert.Equal(ConfigFixture.ConfigPath + ":4", $"{ConfigFixture.ConfigPath}:{config.Machines[0].Sources[SettingKeys.Aliases].Line}");
    }

    [Fact]
    public void The_reconcile_file_wins_over_a_0_1_key_which_is_still_warned_of()
    {
        var config = ConfigFixture.Parse(
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: [www]\nsettings:\n  address_timeout: 5\n",
            "machines:\n  web:\n    aliases: [w3]\nsettings:\n  address_timeout: 7\n");

        Assert.Equal(new[] { "w3" }, config.Machines[0].Aliases);
        Assert.Equal(7, config.AddressTimeoutSec);
        Assert.Contains("aliases of machine 'web' (line 4), settings.address_timeout (line 6)", Assert.Single(config.Warnings));
    }

    [Fact]
    public void A_project_in_the_new_layout_has_no_warning()
    {
        var config = ConfigFixture.Parse(
            "project: {name: demo}\ndefaults:\n  ssh: {user: kadmin, private_key: ~/.ssh/id_ed25519}\nmachines:\n  - name: web\nsettings:\n  auto_start: true\n",
            "machines:\n  web: {aliases: [www]}\nsettings: {switch_name: LAN}\n");
        Assert.Empty(config.Warnings);
        Assert.Equal("LAN", config.SwitchName);
    }

    [Fact]
    public void Other_unknown_keys_stay_errors_naming_key_line_and_column()
    {
        var error = ConfigFixture.Invalid("project: {name: demo}\nmachines:\n  - name: web\nsettings:\n  swtich_name: LAN\n");
        Assert.Equal((5, 3), (error.Line, error.Column));
        Assert.Equal("unknown key 'swtich_name' in settings: allowed keys are artifact_path, auto_start", error.Problem);
    }
}
