using System;
using System.IO;
using Ragnatramp.Isolation;

namespace Ragnatramp.Config;

/// <summary>Reads and validates a project: its ragnatramp.yaml and the ragnatramp.reconcile.yaml beside it.</summary>
internal static class ConfigLoader
{
    private static readonly Lazy<IYamlDocumentReader> DefaultReader =
        new(IsolatedLibraries.Create<IYamlDocumentReader>);

    /// <summary>
    /// The path of the reconcile settings beside <paramref name="configPath"/>: ragnatramp.yaml →
    /// ragnatramp.reconcile.yaml (a config of another name, e.g. lab.yaml → lab.reconcile.yaml).
    /// </summary>
    public static string ReconcileFileName(string configPath) =>
        Path.GetFileNameWithoutExtension(configPath) + ".reconcile.yaml";

    public static string ReconcilePathFor(string configPath) =>
        Path.Combine(Path.GetDirectoryName(configPath) ?? ".", ReconcileFileName(configPath));

    /// <summary>
    /// The validated project at <paramref name="configPath"/> (made absolute against the process's
    /// working directory if relative; cmdlets pass ProjectLocator's absolute path). Throws
    /// <see cref="ConfigNotFoundException"/> when the file does not exist and
    /// <see cref="ConfigException"/> (file, line, column, what is allowed) for anything else, in
    /// either file.
    /// </summary>
    public static ProjectConfig Load(string configPath) =>
        Load(configPath, DefaultReader.Value, KeyPathExpansion.FromEnvironment());

    public static ProjectConfig Load(string configPath, IYamlDocumentReader reader, KeyPathExpansion expansion)
    {
        var fullPath = Path.GetFullPath(configPath);
        var text = ReadText(fullPath, "config file") ??
                   throw new ConfigNotFoundException(fullPath,
                       $"The config file '{fullPath}' does not exist. Pass an existing config file or the folder that holds {ProjectLocator.ConfigFileName}.");
        return Parse(text, fullPath, reader, expansion, ReadText(ReconcilePathFor(fullPath), "reconcile settings file"));
    }

    /// <summary>
    /// Validates <paramref name="text"/> as if read from the absolute <paramref name="configPath"/>, with
    /// <paramref name="reconcileText"/> as the ragnatramp.reconcile.yaml beside it (null: there is none).
    /// </summary>
    public static ProjectConfig Parse(string text, string configPath, IYamlDocumentReader reader, KeyPathExpansion expansion,
        string? reconcileText = null)
    {
        var project = ConfigDocument.Read(reader.Read(text, configPath), configPath, expansion);
        var reconcilePath = ReconcilePathFor(configPath);
        var reconcile = reconcileText == null
            ? ReconcileFile.Empty(reconcilePath)
            : ReconcileDocument.Read(reader.Read(reconcileText, reconcilePath), reconcilePath, project, expansion);
        return ProjectResolution.Resolve(project, reconcile, reconcileText != null);
    }

    // The file's text; null when it does not exist.
    private static string? ReadText(string fullPath, string what)
    {
        try
        {
            return File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new ConfigException(fullPath, 0, 0, $"cannot read the {what}: {e.Message}", e);
        }
    }
}
