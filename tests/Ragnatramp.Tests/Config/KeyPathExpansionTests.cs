using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

public class KeyPathExpansionTests
{
    private static readonly string ConfigDir = Path.Combine(Path.GetTempPath(), "proj", "demo");
    private static readonly string Home = Path.Combine(Path.GetTempPath(), "home", "me");
    private static readonly string Keys = Path.Combine(Path.GetTempPath(), "keys");

    private static readonly KeyPathExpansion Expansion = new(
        name => name switch
        {
            "KEYS" => Keys,
            "KEY_NAME" => "id_ed25519",
            "_dir2" => "sub",
            _ => null,
        },
        Home);

    private static string Expand(string written) => Expansion.Expand(written, ConfigDir);

    [Fact]
    public void Tilde_alone_is_the_home_folder() => Assert.Equal(Home, Expand("~"));

    [Theory]
    [InlineData("~/.ssh/id_ed25519")]
    [InlineData(@"~\.ssh\id_ed25519")]
    public void Tilde_slash_starts_in_the_home_folder(string written)
    {
        var expected = Path.GetFullPath(Path.Combine(Home, ".ssh" + (written.Contains('\\') ? "\\" : "/") + "id_ed25519"));
        Assert.Equal(expected, Expand(written));
    }

    [Fact]
    public void Percent_variable_expands() =>
        Assert.Equal(Path.Combine(Keys, "web"), Expand("%KEYS%/web"));

    [Fact]
    public void Dollar_variable_expands() =>
        Assert.Equal(Path.Combine(Keys, "web"), Expand("$KEYS/web"));

    [Fact]
    public void Braced_dollar_variable_expands_inside_a_word() =>
        Assert.Equal(Path.Combine(Keys, "id_ed25519.key"), Expand("${KEYS}/${KEY_NAME}.key"));

    [Fact]
    public void Variable_names_may_hold_underscores_and_digits() =>
        Assert.Equal(Path.Combine(ConfigDir, "sub", "k"), Expand("$_dir2/k"));

    [Fact]
    public void Relative_path_is_relative_to_the_config_folder() =>
        Assert.Equal(Path.Combine(ConfigDir, "keys", "db"), Expand("./keys/db"));

    [Fact]
    public void Parent_folders_are_normalized_away() =>
        Assert.Equal(Path.Combine(Path.GetTempPath(), "proj", "keys", "db"), Expand("../keys/./db"));

    [Fact]
    public void Absolute_path_stays() =>
        Assert.Equal(Path.Combine(Keys, "id"), Expand(Path.Combine(Keys, "id")));

    [Theory]
    [InlineData("100%/key", "100%/key")]
    [InlineData("a$/key", "a$/key")]
    [InlineData("$1/key", "$1/key")]
    [InlineData("${/key", "${/key")]
    [InlineData("50% off %/key", "50% off %/key")]
    public void Dollar_and_percent_without_a_variable_name_stay_as_written(string written, string relative) =>
        Assert.Equal(Path.GetFullPath(Path.Combine(ConfigDir, relative)), Expand(written));

    [Theory]
    [InlineData("$MISSING/id", "$MISSING")]
    [InlineData("${MISSING}/id", "${MISSING}")]
    [InlineData("%MISSING%/id", "%MISSING%")]
    public void Undefined_variable_is_an_error_naming_it(string written, string shown)
    {
        var error = Assert.Throws<KeyPathException>(() => Expand(written));
        Assert.Equal($"environment variable {shown} is not defined: define it or write the path without it", error.Message);
    }

    [Fact]
    public void HOME_means_the_home_folder_where_it_is_not_set_as_on_Windows() =>
        Assert.Equal(Path.Combine(Home, ".ssh", "id"), Expand("$HOME/.ssh/id"));

    [Fact]
    public void A_set_HOME_variable_wins_over_the_home_folder()
    {
        var withHome = new KeyPathExpansion(name => name == "HOME" ? Keys : null, Home);
        Assert.Equal(Path.Combine(Keys, "id"), withHome.Expand("${HOME}/id", ConfigDir));
    }

    [Fact]
    public void Another_users_home_is_an_error()
    {
        var error = Assert.Throws<KeyPathException>(() => Expand("~root/.ssh/id"));
        Assert.StartsWith("'~root/.ssh/id' starts with '~' followed by a name", error.Message);
    }

    [Fact]
    public void Path_that_expands_to_nothing_is_an_error()
    {
        var empty = new KeyPathExpansion(_ => "", Home);
        var error = Assert.Throws<KeyPathException>(() => empty.Expand("$EMPTY", ConfigDir));
        Assert.Equal("'$EMPTY' expands to an empty path", error.Message);
    }

    [Fact]
    public void The_process_environment_is_used_by_default()
    {
        var name = "RAGNA_TEST_KEYDIR_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, Keys);
        try
        {
            Assert.Equal(Path.Combine(Keys, "id"), KeyPathExpansion.FromEnvironment().Expand($"${{{name}}}/id", ConfigDir));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
