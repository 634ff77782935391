using Ragnatramp.Config;

namespace Ragnatramp.Tests.Config;

public sealed class ProjectLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ragna-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(params string[] parts)
    {
        var path = Path.Combine(new[] { _root }.Concat(parts).ToArray());
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "project: {name: demo}\n");
        return path;
    }

    [Fact]
    public void No_path_means_ragnatramp_yaml_in_the_current_location()
    {
        var config = Touch("ragnatramp.yaml");
        Assert.Equal(config, ProjectLocator.ResolveConfigPath(null, _root));
        Assert.Equal(config, ProjectLocator.ResolveConfigPath("", _root));
    }

    [Fact]
    public void A_folder_means_its_ragnatramp_yaml()
    {
        var config = Touch("proj", "ragnatramp.yaml");
        Assert.Equal(config, ProjectLocator.ResolveConfigPath(Path.Combine(_root, "proj"), "/elsewhere"));
    }

    [Fact]
    public void A_file_of_any_name_is_taken_as_the_config()
    {
        var config = Touch("proj", "lab.yaml");
        Assert.Equal(config, ProjectLocator.ResolveConfigPath(config, "/elsewhere"));
    }

    [Fact]
    public void Relative_paths_are_relative_to_the_given_current_directory_not_the_process_one()
    {
        var config = Touch("proj", "ragnatramp.yaml");
        Assert.NotEqual(_root, Environment.CurrentDirectory);
        Assert.Equal(config, ProjectLocator.ResolveConfigPath("proj", _root));
        Assert.Equal(config, ProjectLocator.ResolveConfigPath(Path.Combine("proj", "..", "proj", "ragnatramp.yaml"), _root));
    }

    [Fact]
    public void Missing_file_is_ConfigNotFound_naming_the_full_path()
    {
        var error = Assert.Throws<ConfigNotFoundException>(() => ProjectLocator.ResolveConfigPath("nope.yaml", _root));
        Assert.Equal(Path.Combine(_root, "nope.yaml"), error.Path);
        Assert.Contains($"'{Path.Combine(_root, "nope.yaml")}' does not exist", error.Message);
    }

    [Fact]
    public void Folder_without_a_config_is_ConfigNotFound()
    {
        Directory.CreateDirectory(Path.Combine(_root, "empty"));
        var error = Assert.Throws<ConfigNotFoundException>(() => ProjectLocator.ResolveConfigPath("empty", _root));
        Assert.Equal(Path.Combine(_root, "empty", "ragnatramp.yaml"), error.Path);
        Assert.Contains("has no ragnatramp.yaml", error.Message);
    }

    [Fact]
    public void Current_location_without_a_config_says_how_to_point_at_one()
    {
        var error = Assert.Throws<ConfigNotFoundException>(() => ProjectLocator.ResolveConfigPath(null, _root));
        Assert.Contains("pass -Path", error.Message);
    }
}
