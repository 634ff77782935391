using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

public class ConfigLoaderInvalidTests
{
    private const string HostNameRule =
        "a host name is labels of letters, digits and '-' (1 to 63 characters each, not starting or ending with '-') " +
        "joined by '.', at most 253 characters";

    // (what is wrong, config text, line, column, message after "file:line:column: ")
    public static TheoryData<string, string, int, int, string> InvalidConfigs => new()
    {
        {
            "machine name with an underscore",
            "project:\n  name: demo\ndefaults:\n  cpu: 2\nmachines:\n  - name: web\n  - name: web_1\n",
            7, 11, "machine name 'web_1' is invalid: use a letter first, then letters, digits or '-', at most 16 characters"
        },
        {
            "project name starting with a digit",
            "project:\n  name: 9demo\nmachines:\n  - name: web\n",
            2, 9, "project name '9demo' is invalid: use a letter first, then letters, digits or '-', at most 32 characters"
        },
        {
            "project name of 33 characters",
            "project:\n  name: a23456789012345678901234567890123\nmachines:\n  - name: web\n",
            2, 9, "project name 'a23456789012345678901234567890123' is invalid: use a letter first, then letters, digits or '-', at most 32 characters"
        },
        {
            "project name that YAML reads as a boolean",
            "project:\n  name: true\nmachines:\n  - name: web\n",
            2, 9, "project name must be text (use a letter first, then letters, digits or '-', at most 32 characters), not the boolean true"
        },
        {
            "machine name of 17 characters",
            "project: {name: demo}\nmachines:\n  - name: abcdefghijklmnopq\n",
            3, 11, "machine name 'abcdefghijklmnopq' is invalid: use a letter first, then letters, digits or '-', at most 16 characters"
        },
        {
            "machine name ending with a hyphen",
            "project: {name: demo}\nmachines:\n  - name: db-\n",
            3, 11, "machine name 'db-' is invalid: it becomes a host name, which may not end with '-'"
        },
        {
            "machine names that differ only in case",
            "project: {name: demo}\nmachines:\n  - name: web\n  - name: db\n  - name: Web\n",
            5, 11, "machine name 'Web' repeats 'web' (line 3): machine names must be unique, ignoring case"
        },
        {
            "machine without a name",
            "project: {name: demo}\nmachines:\n  - aliases: [www]\n",
            3, 5, "machine 1 of machines has no 'name': add 'name: <machine name>' (use a letter first, then letters, digits or '-', at most 16 characters)"
        },
        {
            "machine written as a plain word",
            "project: {name: demo}\nmachines: [web]\n",
            2, 12, "machine 1 of machines must be a mapping of keys, e.g. {name: web}, not the text 'web'"
        },
        {
            "no machines",
            "project: {name: demo}\nmachines: []\n",
            2, 11, "machines is empty: list at least one machine, e.g. 'machines: [{name: web}]'"
        },
        {
            "machines missing",
            "project:\n  name: demo\n",
            1, 1, "the config has no 'machines': list at least one machine, e.g. 'machines: [{name: web}]'"
        },
        {
            "project missing",
            "machines:\n  - name: web\n",
            1, 1, "the config has no 'project': add 'project:' with 'name: <project name>'"
        },
        {
            "misspelt top-level key",
            "project: {name: demo}\nmachine:\n  - name: web\n",
            2, 1, "unknown key 'machine' in the config: allowed keys are project, defaults, machines, settings"
        },
        {
            "unknown key in a machine",
            "project: {name: demo}\nmachines:\n  - name: web\n    cpus: 2\n",
            4, 5, "unknown key 'cpus' in machine 'web': allowed keys are name, cpu, memory, base_image, ssh"
        },
        {
            "unknown key in defaults.ssh",
            "project: {name: demo}\ndefaults:\n  ssh:\n    user: ops\n    key: ~/.ssh/id\nmachines: [{name: web}]\n",
            5, 5, "unknown key 'key' in ssh in defaults: allowed keys are user, private_key"
        },
        {
            "quoted cpu count",
            "project: {name: demo}\ndefaults:\n  cpu: \"2\"\nmachines: [{name: web}]\n",
            3, 8, "cpu in defaults must be a whole number from 1 to 64, not the text '2' (write the number without quotes)"
        },
        {
            "zero cpus",
            "project: {name: demo}\nmachines:\n  - name: web\n    cpu: 0\n",
            4, 10, "cpu in machine 'web' must be a whole number from 1 to 64, not 0"
        },
        {
            "too little memory",
            "project: {name: demo}\ndefaults:\n  memory: 256\nmachines: [{name: web}]\n",
            3, 11, "memory in defaults must be a whole number of MB from 512 to 1048576, not 256"
        },
        {
            "address timeout over an hour",
            "project: {name: demo}\nmachines: [{name: web}]\nsettings:\n  address_timeout: 3601\n",
            4, 20, "address_timeout in settings must be a whole number of seconds from 0 to 3600, not 3601"
        },
        {
            "negative address timeout",
            "project: {name: demo}\nmachines: [{name: web}]\nsettings:\n  address_timeout: -1\n",
            4, 20, "address_timeout in settings must be a whole number of seconds from 0 to 3600, not -1"
        },
        {
            "address timeout with a unit",
            "project: {name: demo}\nmachines: [{name: web}]\nsettings:\n  address_timeout: 60s\n",
            4, 20, "address_timeout in settings must be a whole number of seconds from 0 to 3600, not the text '60s'"
        },
        {
            "empty switch name",
            "project: {name: demo}\nmachines: [{name: web}]\nsettings:\n  switch_name: ''\n",
            4, 16, "switch_name '' in settings is invalid: the name of a Hyper-V virtual switch; it may not be empty"
        },
        {
            "switch name left blank",
            "project: {name: demo}\nmachines: [{name: web}]\nsettings:\n  switch_name:\n  address_timeout: 5\n",
            4, 15, "switch_name in settings must be text (the name of a Hyper-V virtual switch; it may not be empty), not empty (null)"
        },
        {
            "unknown disk strategy",
            "project: {name: demo}\ndefaults:\n  disk_strategy: thin\nmachines: [{name: web}]\n",
            3, 18, "disk_strategy 'thin' in defaults is invalid: use 'differencing' or 'copy'"
        },
        {
            "alias with a space",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: [www, \"web server\"]\n",
            4, 20, $"alias 'web server' of machine 'web' is not a valid host name: it contains whitespace; {HostNameRule}"
        },
        {
            "alias with a '#'",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: ['www#1']\n",
            4, 15, $"alias 'www#1' of machine 'web' is not a valid host name: it contains '#', which starts a comment in /etc/hosts; {HostNameRule}"
        },
        {
            "alias with a line break",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases:\n      - \"www\\n10.0.0.1 evil\"\n",
            5, 9, $"alias 'www\\n10.0.0.1 evil' of machine 'web' is not a valid host name: it contains a line break; {HostNameRule}"
        },
        {
            "alias starting with a hyphen",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: ['-www']\n",
            4, 15, $"alias '-www' of machine 'web' is not a valid host name: its label '-www' starts or ends with '-'; {HostNameRule}"
        },
        {
            "alias with an empty label",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: [web..local]\n",
            4, 15, $"alias 'web..local' of machine 'web' is not a valid host name: it has an empty label (a '.' at the start, at the end or twice in a row); {HostNameRule}"
        },
        {
            "alias of 64-character label",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: [" + new string('a', 64) + "]\n",
            4, 15, $"alias '{new string('a', 64)}' of machine 'web' is not a valid host name: its label '{new string('a', 64)}' is 64 characters long, more than 63; {HostNameRule}"
        },
        {
            "alias that reads as an address",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: ['10.0.0.1']\n",
            4, 15, $"alias '10.0.0.1' of machine 'web' is not a valid host name: its last label is all digits, so it would read as an IP address; {HostNameRule}"
        },
        {
            "alias with a non-ASCII letter",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: [café]\n",
            4, 15, $"alias 'café' of machine 'web' is not a valid host name: it contains 'é'; {HostNameRule}"
        },
        {
            "alias repeating a later machine's name",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: [DB]\n  - name: db\n",
            4, 15, "alias 'DB' of machine 'web' repeats the machine name 'db' (line 5): every machine name and alias must be unique, ignoring case"
        },
        {
            "alias repeating another machine's alias",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: [www]\n  - name: db\n    aliases: [data, WWW]\n",
            6, 21, "alias 'WWW' of machine 'db' repeats the alias 'www' of machine 'web' (line 4): every machine name and alias must be unique, ignoring case"
        },
        {
            "aliases as a single word",
            "project: {name: demo}\nmachines:\n  - name: web\n    aliases: www\n",
            4, 14, "aliases of machine 'web' must be a list of host names, e.g. [www, web.local], not the text 'www'"
        },
        {
            "ssh user with a space",
            "project: {name: demo}\nmachines:\n  - name: web\n    ssh:\n      user: john doe\n",
            5, 13, "user 'john doe' in ssh in machine 'web' is invalid: a user name without spaces or control characters"
        },
        {
            "key path with an undefined variable",
            "project: {name: demo}\ndefaults:\n  ssh:\n    private_key: $NO_SUCH_VAR/id_ed25519\nmachines: [{name: web}]\n",
            4, 18, "private_key in ssh in defaults: environment variable $NO_SUCH_VAR is not defined: define it or write the path without it"
        },
        {
            "key path with an undefined %VAR%",
            "project: {name: demo}\nmachines:\n  - name: web\n    ssh: {private_key: '%NOPE%\\id'}\n",
            4, 24, "private_key in ssh in machine 'web': environment variable %NOPE% is not defined: define it or write the path without it"
        },
        {
            "key path of another user's home",
            "project: {name: demo}\ndefaults:\n  ssh: {private_key: ~bob/.ssh/id}\nmachines: [{name: web}]\n",
            3, 22, "private_key in ssh in defaults: '~bob/.ssh/id' starts with '~' followed by a name: only '~' (your own home folder) is supported; write '~/...' or a full path"
        },
        {
            "duplicate key",
            "project:\n  name: demo\n  name: other\nmachines: [{name: web}]\n",
            3, 3, "duplicate key 'name' (first at line 2): each key may appear only once in a mapping"
        },
        {
            "two YAML documents",
            "project: {name: demo}\nmachines: [{name: web}]\n---\nproject: {name: other}\n",
            3, 1, "the file holds more than one YAML document ('---'): put the whole config in one document"
        },
        {
            "alias to no anchor",
            "project: {name: demo}\nmachines:\n  - name: web\n    ssh: *login\n",
            4, 10, "the alias '*login' refers to no anchor '&login' defined before it"
        },
        {
            "unsupported tag",
            "project: {name: demo}\ndefaults:\n  cpu: !!int \"2\"\nmachines: [{name: web}]\n",
            3, 8, "the tag '!!int' is not supported: write the value without a tag (quote it to make it text)"
        },
        {
            "the whole config is a list",
            "- project: demo\n",
            1, 1, "the config must be a mapping of keys, e.g. project: {name: demo}, not a list"
        },
        {
            "empty file",
            "",
            1, 1, "the config is empty: it needs at least 'project:' with a name and 'machines:' with one machine"
        },
        {
            "a YAML merge key",
            "project: {name: demo}\nmachines:\n  - <<: {name: web}\n",
            3, 5, "unknown key '<<' in machine 1 of machines (YAML merge keys are not supported): allowed keys are name, cpu, memory, base_image, ssh"
        },
        {
            "misspelt name key",
            "project: {name: demo}\nmachines:\n  - nmae: web\n",
            3, 5, "unknown key 'nmae' in machine 1 of machines: allowed keys are name, cpu, memory, base_image, ssh"
        },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Invalid_config_is_rejected_with_file_line_column_and_what_is_allowed(
        string wrong, string yaml, int line, int column, string problem)
    {
        var error = ConfigFixture.Invalid(yaml);

        Assert.True(problem == error.Problem, $"{wrong}:\n expected: {problem}\n actual:   {error.Problem}");
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal(ConfigFixture.ConfigPath, error.File);
        Assert.Equal($"{ConfigFixture.ConfigPath}:{line}:{column}: {problem}", error.Message);
    }

    [Fact]
    public void Merge_keys_are_named_as_unsupported()
    {
        var error = ConfigFixture.Invalid("project: {name: demo}\nmachines:\n  - name: web\n    <<: {cpu: 2}\n");
        Assert.Equal((4, 5), (error.Line, error.Column));
        Assert.Equal(
            "unknown key '<<' in machine 'web' (YAML merge keys are not supported): allowed keys are name, cpu, memory, base_image, ssh",
            error.Problem);
    }

    [Fact]
    public void YAML_syntax_error_names_the_position_and_what_to_check()
    {
        var error = ConfigFixture.Invalid("project:\n  name: demo\nmachines:\n  - name: web\n    aliases: [www, 'api]\n");
        Assert.Equal(ConfigFixture.ConfigPath, error.File);
        Assert.Equal(5, error.Line);
        Assert.StartsWith("invalid YAML: ", error.Problem);
        Assert.EndsWith("Check the indentation, quotes and brackets here.", error.Problem);
    }

    [Fact]
    public void Value_with_a_colon_in_it_is_a_syntax_error_at_that_value()
    {
        var error = ConfigFixture.Invalid("project:\n  name: demo: x\nmachines: [{name: web}]\n");
        Assert.Equal((2, 13), (error.Line, error.Column));
        Assert.StartsWith("invalid YAML: while scanning a plain scalar value, found invalid mapping.", error.Problem);
    }

    [Fact]
    public void Unclosed_bracket_is_a_positioned_error()
    {
        var error = ConfigFixture.Invalid("project: {name: demo}\nmachines: [{name: web}\n");
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.Equal("invalid YAML: while parsing a flow sequence, did not find expected ',' or ']'. Check the indentation, quotes and brackets here.",
            error.Problem);
    }

    [Fact]
    public void Input_that_trips_the_parser_itself_is_a_positioned_error_not_a_crash()
    {
        // YamlDotNet 16 throws InvalidOperationException here instead of a YamlException.
        var error = ConfigFixture.Invalid("project: {name: demo}\nmachines: [web\nsettings: 2");
        Assert.Equal((2, 11), (error.Line, error.Column));
        Assert.Equal("invalid YAML after this point: check that every '[', '{' and quote is closed and the indentation is consistent.",
            error.Problem);
    }

    [Fact]
    public void Tab_indentation_is_reported_on_the_tab()
    {
        var error = ConfigFixture.Invalid("project:\n  name: demo\nmachines:\n\t- name: web\n");
        Assert.Equal((4, 1), (error.Line, error.Column));
        Assert.Equal("invalid YAML: a tab in the indentation. YAML indents with spaces only.", error.Problem);
    }

    [Fact]
    public void Missing_file_is_its_own_error()
    {
        var missing = Path.Combine(ConfigFixture.Directory, "no-such-dir", "ragnatramp.yaml");
        var error = Assert.Throws<ConfigNotFoundException>(
            () => ConfigLoader.Load(missing, ConfigFixture.Reader, ConfigFixture.Expansion));
        Assert.Equal(missing, error.Path);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Unreadable_file_names_the_file_without_a_position()
    {
        // A folder where the file should be: reading it fails with an I/O error on every platform.
        var folder = Directory.CreateTempSubdirectory("ragna-unreadable-").FullName;
        try
        {
            var error = Assert.Throws<ConfigException>(() => ConfigLoader.Load(folder, ConfigFixture.Reader, ConfigFixture.Expansion));
            Assert.Equal(0, error.Line);
            Assert.StartsWith($"{folder}: cannot read the config file: ", error.Message);
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}
