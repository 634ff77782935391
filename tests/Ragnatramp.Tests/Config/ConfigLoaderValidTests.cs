using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

public class ConfigLoaderValidTests
{
    [Fact]
    public void Minimal_config_has_one_machine_and_default_settings()
    {
        var config = ConfigFixture.Parse("""
            project:
              name: demo
            machines:
              - name: web
            """);

        Assert.Equal("demo", config.ProjectName);
        Assert.Equal(ConfigFixture.ConfigPath, config.ConfigPath);
        var web = Assert.Single(config.Machines);
        Assert.Equal("web", web.Name);
        Assert.Empty(web.Aliases);
        Assert.Equal(VmNaming.Derive("demo", "web", ConfigFixture.ConfigPath), web.VmName);
        Assert.Null(web.Ssh.User);
        Assert.Null(web.Ssh.KeyFile);
        Assert.Equal("Default Switch", config.SwitchName);
        Assert.Equal(60, config.AddressTimeoutSec);
    }

    [Fact]
    public void The_API_example_config_reads_completely()
    {
        var config = ConfigFixture.Parse("""
            project:
              name: demo                 # a comment
            defaults:
              cpu: 2
              memory: 2048
              base_image: C:/HyperV/Golden/ubuntu.vhdx
              ssh:
                user: kadmin
                private_key: ~/.ssh/id_ed25519
            machines:
              - name: web
                aliases: [www, web.local]
              - name: db
                ssh: { user: postgres-admin, private_key: ./keys/db }
            settings:
              switch_name: Default Switch
              address_timeout: 60
            """);

        Assert.Equal(2, config.Machines.Count);
        var web = config.Machines[0];
        var db = config.Machines[1];
        Assert.Equal(new[] { "web", "www", "web.local" }, web.HostNames);
        Assert.Equal("kadmin", web.Ssh.User);
        Assert.Equal(Path.Combine(ConfigFixture.Home, ".ssh", "id_ed25519"), web.Ssh.KeyFile);
        Assert.Equal("postgres-admin", db.Ssh.User);
        Assert.Equal(Path.Combine(ConfigFixture.Directory, "keys", "db"), db.Ssh.KeyFile);
        Assert.Equal(2, config.Defaults.Size.Cpu);
        Assert.Equal(2048, config.Defaults.Size.MemoryMb);
        Assert.Equal("C:/HyperV/Golden/ubuntu.vhdx", config.Defaults.Size.BaseImage);
        Assert.Equal("Default Switch", config.SwitchName);
    }

    [Fact]
    public void Every_option_is_read_including_the_Nodejs_CLI_ones()
    {
        var config = ConfigFixture.Parse("""
            project:
              name: Lab-01
            defaults:
              cpu: 4
              memory: 4096
              base_image: D:\golden.vhdx
              disk_strategy: copy
              ssh: {user: admin, private_key: $KEYS/default}
            machines:
              - name: web
                aliases:
                  - www
                  - Web-Front.example.com
                cpu: 8
                memory: 8192
                base_image: ./web.vhdx
                ssh:
                  private_key: ${KEYS}/web
              - name: cache
                ssh: {user: redis}
            settings:
              switch_name: Lab Switch
              address_timeout: 0
              artifact_path: ./artifacts
              auto_start: false
            """);

        var keys = ConfigFixture.Variables["KEYS"];
        var web = config.Machines[0];
        var cache = config.Machines[1];
        Assert.Equal("Lab-01", config.ProjectName);
        Assert.Equal(new[] { "www", "Web-Front.example.com" }, web.Aliases);
        Assert.Equal(8, web.Size.Cpu);
        Assert.Equal(8192, web.Size.MemoryMb);
        Assert.Equal("./web.vhdx", web.Size.BaseImage);
        Assert.Equal(4, cache.Size.Cpu);
        Assert.Equal(4096, cache.Size.MemoryMb);
        Assert.Equal(@"D:\golden.vhdx", cache.Size.BaseImage);
        Assert.Equal("copy", config.Defaults.DiskStrategy);
        Assert.Equal("Lab Switch", config.SwitchName);
        Assert.Equal(0, config.AddressTimeoutSec);
        Assert.Equal("./artifacts", config.NodeCli.ArtifactPath);
        Assert.False(config.NodeCli.AutoStart);
        // The machine's ssh block overrides defaults.ssh field by field.
        Assert.Equal("admin", web.Ssh.User);
        Assert.Equal(Path.Combine(keys, "web"), web.Ssh.KeyFile);
        Assert.Equal("redis", cache.Ssh.User);
        Assert.Equal(Path.Combine(keys, "default"), cache.Ssh.KeyFile);
    }

    [Fact]
    public void Machines_may_be_more_than_the_Nodejs_CLI_limit_of_three()
    {
        var config = ConfigFixture.Parse("""
            project: {name: big}
            machines: [{name: a}, {name: b}, {name: c}, {name: d}, {name: e}]
            """);
        Assert.Equal(new[] { "a", "b", "c", "d", "e" }, config.Machines.Select(m => m.Name));
        Assert.Equal(5, config.Machines.Select(m => m.VmName).Distinct().Count());
    }

    [Fact]
    public void Quoted_and_plain_words_that_YAML_1_2_reads_as_text_are_names()
    {
        // 'yes', 'no', 'on' are booleans in YAML 1.1 but text in YAML 1.2 (and in the Node.js CLI's js-yaml).
        var config = ConfigFixture.Parse("""
            project:
              name: 'yes'
            machines:
              - name: no
              - name: "on"
              - name: !!str off
            """);
        Assert.Equal("yes", config.ProjectName);
        Assert.Equal(new[] { "no", "on", "off" }, config.Machines.Select(m => m.Name));
    }

    [Fact]
    public void Empty_optional_sections_are_allowed()
    {
        var config = ConfigFixture.Parse("""
            project:
              name: demo
            defaults:
            machines:
              - name: web
                aliases:
                ssh: {}
            settings:
            """);
        Assert.Empty(config.Machines[0].Aliases);
        Assert.Equal("Default Switch", config.SwitchName);
    }

    [Fact]
    public void Anchors_and_aliases_share_a_block()
    {
        var config = ConfigFixture.Parse("""
            project: {name: demo}
            defaults:
              ssh: &login {user: ops, private_key: /keys/ops}
            machines:
              - name: web
                ssh: *login
            """);
        Assert.Equal("ops", config.Machines[0].Ssh.User);
    }

    [Fact]
    public void Host_names_may_use_digits_and_inner_hyphens()
    {
        var config = ConfigFixture.Parse("""
            project: {name: demo}
            machines:
              - name: web-1
                aliases: [1web, web-2.lab, a.b.c.d.example]
            """);
        Assert.Equal(new[] { "web-1", "1web", "web-2.lab", "a.b.c.d.example" }, config.Machines[0].HostNames);
    }

    [Fact]
    public void Longest_allowed_names_are_accepted()
    {
        var project = "p" + new string('x', 31);
        var machine = "m" + new string('y', 15);
        var alias = string.Join(".", Enumerable.Repeat(new string('a', 63), 3)) + "." + new string('b', 61);
        Assert.Equal(253, alias.Length);
        var config = ConfigFixture.Parse($"""
            project:
              name: {project}
            machines:
              - name: {machine}
                aliases: [{alias}]
            """);
        Assert.Equal(project, config.ProjectName);
        Assert.Equal(alias, config.Machines[0].Aliases[0]);
    }

    [Fact]
    public void The_state_file_lives_beside_the_config()
    {
        var config = ConfigFixture.Parse("project: {name: demo}\nmachines: [{name: web}]\n");
        Assert.Equal(Path.Combine(ConfigFixture.Directory, ".ragnatramp", "state.json"), config.StatePath);
    }
}
