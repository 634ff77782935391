using Ragnatramp.Config;
using Ragnatramp.Loading;

namespace Ragnatramp.Tests.Config;

/// <summary>Parses config text with the real YamlDotNet reader, as if read from a fixed path.</summary>
internal static class ConfigFixture
{
    public static readonly string Directory = Path.Combine(Path.GetTempPath(), "ragna-config-tests", "demo");
    public static readonly string ConfigPath = Path.Combine(Directory, "ragnatramp.yaml");
    public static readonly string Home = Path.Combine(Path.GetTempPath(), "ragna-config-tests", "home");

    public static readonly IYamlDocumentReader Reader = IsolatedLibraries.Create<IYamlDocumentReader>();

    public static readonly Dictionary<string, string> Variables = new()
    {
        ["KEYS"] = Path.Combine(Path.GetTempPath(), "ragna-config-tests", "keys"),
        ["USERPROFILE"] = Home,
    };

    public static KeyPathExpansion Expansion =>
        new(name => Variables.TryGetValue(name, out var value) ? value : null, Home);

    public static ProjectConfig Parse(string yaml) => ConfigLoader.Parse(yaml, ConfigPath, Reader, Expansion);

    public static ConfigException Invalid(string yaml) => Assert.Throws<ConfigException>(() => Parse(yaml));
}
