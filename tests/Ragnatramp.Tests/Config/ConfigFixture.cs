using Ragnatramp.Config;
using Ragnatramp.Isolation;

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

    public static readonly string ReconcilePath = Path.Combine(Directory, "ragnatramp.reconcile.yaml");

    /// <summary>ragnatramp.yaml as <paramref name="yaml"/>, with <paramref name="reconcile"/> as the ragnatramp.reconcile.yaml beside it (null: none).</summary>
    public static ProjectConfig Parse(string yaml, string? reconcile = null) => ConfigLoader.Parse(yaml, ConfigPath, Reader, Expansion, reconcile);

    public static ConfigException Invalid(string yaml, string? reconcile = null) => Assert.Throws<ConfigException>(() => Parse(yaml, reconcile));
}
