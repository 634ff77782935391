using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

/// <summary>Every way ragnatramp.reconcile.yaml can be wrong: an error naming that file, line and column, and what to do.</summary>
public class ReconcileFileInvalidTests
{
    private const string Project = "project: {name: demo}\nmachines:\n  - name: web\n  - name: db\n";

    // (what is wrong, reconcile text, line, column, message after "file:line:column: ")
    public static TheoryData<string, string, int, int, string> InvalidReconcileFiles => new()
    {
        {
            "the whole file is a list",
            "- web\n",
            1, 1, "the reconcile settings must be a mapping of keys, e.g. settings: {address_timeout: 60}, not a list"
        },
        {
            "unknown top-level key",
            "setings:\n  address_timeout: 5\n",
            1, 1, "unknown key 'setings' in the reconcile settings: allowed keys are defaults, machines, settings, publish"
        },
        {
            "a key of ragnatramp.yaml",
            "project: {name: demo}\n",
            1, 1, "unknown key 'project' in the reconcile settings: allowed keys are defaults, machines, settings, publish; " +
                  "'project' belongs in ragnatramp.yaml, the Node.js CLI's file"
        },
        {
            "unknown key in defaults",
            "defaults:\n  cpu: 2\n",
            2, 3, "unknown key 'cpu' in defaults: allowed keys are ssh; 'cpu' belongs in ragnatramp.yaml, the Node.js CLI's file"
        },
        {
            "aliases in defaults",
            "defaults:\n  aliases: [www]\n",
            2, 3, "unknown key 'aliases' in defaults: allowed keys are ssh; aliases are per machine: machines: {web: {aliases: [www]}}"
        },
        {
            "unknown key in an ssh block",
            "defaults:\n  ssh:\n    user: kadmin\n    identity: ~/.ssh/id\n",
            4, 5, "unknown key 'identity' in ssh in defaults: allowed keys are user, private_key, port"
        },
        {
            "port zero",
            "defaults:\n  ssh: {port: 0}\n",
            2, 15, "port in ssh in defaults must be a whole number from 1 to 65535, not 0"
        },
        {
            "quoted port",
            "machines:\n  web:\n    ssh: {port: '2222'}\n",
            3, 17, "port in ssh in machine 'web' must be a whole number from 1 to 65535, not the text '2222' (write the number without quotes)"
        },
        {
            "user with a space",
            "defaults:\n  ssh: {user: 'k admin'}\n",
            2, 15, "user 'k admin' in ssh in defaults is invalid: a user name without spaces or control characters"
        },
        {
            "key path with an undefined variable",
            "machines:\n  db:\n    ssh: {private_key: $NO_SUCH_VAR/id}\n",
            3, 24, "private_key in ssh in machine 'db': environment variable $NO_SUCH_VAR is not defined: define it or write the path without it"
        },
        {
            "machines written as a list, like ragnatramp.yaml",
            "machines:\n  - name: web\n",
            2, 3, "machines here is keyed by machine name, e.g. 'machines: {web: {aliases: [www]}}', not a list like in ragnatramp.yaml"
        },
        {
            "a machine ragnatramp.yaml lacks",
            "machines:\n  cache:\n    aliases: [redis]\n",
            2, 3, $"machine 'cache' is not a machine of {ConfigFixture.ConfigPath}: its machines are web, db; add the machine there first, or remove it here"
        },
        {
            "a machine in other case",
            "machines:\n  Web: {aliases: [www]}\n",
            2, 3, $"machine 'Web' is not a machine of {ConfigFixture.ConfigPath}: machine names are matched exactly: write 'web'"
        },
        {
            "a size key in a machine",
            "machines:\n  web:\n    memory: 4096\n",
            3, 5, "unknown key 'memory' in machine 'web': allowed keys are aliases, ssh; 'memory' belongs in ragnatramp.yaml, the Node.js CLI's file"
        },
        {
            "aliases that are not a list",
            "machines:\n  web:\n    aliases: www\n",
            3, 14, "aliases of machine 'web' must be a list of host names, e.g. [www, web.local], not the text 'www'"
        },
        {
            "an alias that is not a host name",
            "machines:\n  web:\n    aliases: [www_1]\n",
            3, 15, $"alias 'www_1' of machine 'web' is not a valid host name: it contains '_'; {SettingReaders.HostNameRule}"
        },
        {
            "an alias repeating another machine's name",
            "machines:\n  web:\n    aliases: [DB]\n",
            3, 15, $"alias 'DB' of machine 'web' repeats the machine name 'db' ({ConfigFixture.ConfigPath}, line 4): every machine name and alias must be unique, ignoring case"
        },
        {
            "an alias repeating another machine's alias",
            "machines:\n  web: {aliases: [www]}\n  db: {aliases: [www]}\n",
            3, 18, "alias 'www' of machine 'db' repeats the alias 'www' of machine 'web' (line 2): every machine name and alias must be unique, ignoring case"
        },
        {
            "unknown key in settings",
            "settings:\n  auto_start: true\n",
            2, 3, "unknown key 'auto_start' in settings: allowed keys are switch_name, address_timeout; 'auto_start' belongs in ragnatramp.yaml, the Node.js CLI's file"
        },
        {
            "empty switch name",
            "settings:\n  switch_name: ' '\n",
            2, 16, "switch_name ' ' in settings is invalid: the name of a Hyper-V virtual switch; it may not be empty"
        },
        {
            "address timeout with a unit",
            "settings:\n  address_timeout: 90s\n",
            2, 20, "address_timeout in settings must be a whole number of seconds from 0 to 3600, not the text '90s'"
        },
        {
            "publish flag as a word YAML 1.2 reads as text",
            "publish:\n  ssh_config: yes\n",
            2, 15, "ssh_config in publish must be true or false, not the text 'yes'"
        },
        {
            "unknown key in publish",
            "publish:\n  hosts: true\n",
            2, 3, "unknown key 'hosts' in publish: allowed keys are ssh_config, hosts_file"
        },
        {
            "publish as a flag",
            "publish: true\n",
            1, 10, "publish must be a mapping of keys, e.g. {ssh_config: true, hosts_file: false}, not the boolean true"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidReconcileFiles))]
    public void Invalid_reconcile_file_is_rejected_with_its_file_line_column_and_what_is_allowed(
        string wrong, string reconcile, int line, int column, string problem)
    {
        var error = ConfigFixture.Invalid(Project, reconcile);

        Assert.True(problem == error.Problem, $"{wrong}:\n expected: {problem}\n actual:   {error.Problem}");
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(ConfigFixture.ReconcilePath, error.File);
        Assert.Equal($"{ConfigFixture.ReconcilePath}:{line}:{column}: {problem}", error.Message);
    }

    [Fact]
    public void YAML_syntax_error_names_the_reconcile_file()
    {
        var error = ConfigFixture.Invalid(Project, "machines:\n  web: {aliases: [www}\n");
        Assert.Equal(ConfigFixture.ReconcilePath, error.File);
        Assert.Equal(2, error.Line);
        Assert.StartsWith("invalid YAML", error.Problem);
    }

    [Fact]
    public void Duplicate_machine_key_names_the_reconcile_file()
    {
        var error = ConfigFixture.Invalid(Project, "machines:\n  web: {aliases: [www]}\n  web: {aliases: [w3]}\n");
        Assert.Equal(ConfigFixture.ReconcilePath, error.File);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void A_key_of_the_reconcile_file_in_ragnatramp_yaml_says_where_it_belongs()
    {
        var error = ConfigFixture.Invalid(Project + "publish: {ssh_config: true}\n");
        Assert.Equal(ConfigFixture.ConfigPath, error.File);
        Assert.Equal((5, 1), (error.Line, error.Column));
        Assert.Equal("unknown key 'publish' in the config: allowed keys are project, defaults, machines, settings; " +
                     "'publish' belongs in ragnatramp.reconcile.yaml beside this file (the Node.js CLI rejects it here)", error.Problem);

        var port = ConfigFixture.Invalid("project: {name: demo}\ndefaults:\n  ssh: {user: k, port: 2222}\nmachines: [{name: web}]\n");
        Assert.Equal((3, 18), (port.Line, port.Column));
        Assert.EndsWith("'port' belongs in ragnatramp.reconcile.yaml beside this file (the Node.js CLI rejects it here)", port.Problem);
    }

    [Fact]
    public void Empty_reconcile_file_and_empty_machine_entries_are_no_settings()
    {
        var empty = ConfigFixture.Parse(Project, "");
        Assert.Equal(ConfigFixture.ReconcilePath, empty.ReconcilePath);
        Assert.Empty(empty.Machines[0].Aliases);

        var nulls = ConfigFixture.Parse(Project, "defaults:\nmachines:\n  web:\nsettings:\npublish:\n");
        Assert.Empty(nulls.Machines[0].Aliases);
        Assert.Equal(ProjectConfig.DefaultSwitchName, nulls.SwitchName);
        Assert.False(nulls.Publish.SshConfig);

        Assert.Null(ConfigFixture.Parse(Project).ReconcilePath);
    }
}
