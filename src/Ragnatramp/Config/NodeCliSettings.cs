namespace Ragnatramp.Config;

/// <summary>settings the Node.js CLI reads (artifact_path, auto_start): validated and kept so both tools share one file.</summary>
internal sealed class NodeCliSettings
{
    public static readonly NodeCliSettings None = new(null, null);

    public NodeCliSettings(string? artifactPath, bool? autoStart)
    {
        ArtifactPath = artifactPath;
        AutoStart = autoStart;
    }

    public string? ArtifactPath { get; }
    public bool? AutoStart { get; }
}
