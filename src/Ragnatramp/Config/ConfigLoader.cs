using System;
using System.IO;
using Ragnatramp.Loading;

namespace Ragnatramp.Config;

/// <summary>Reads and validates a project's ragnatramp.yaml.</summary>
internal static class ConfigLoader
{
    private static readonly Lazy<IYamlDocumentReader> DefaultReader =
        new(IsolatedLibraries.Create<IYamlDocumentReader>);

    /// <summary>
    /// The validated config at <paramref name="configPath"/> (made absolute against the process's
    /// working directory if relative; cmdlets pass ProjectLocator's absolute path). Throws
    /// <see cref="ConfigNotFoundException"/> when the file does not exist and
    /// <see cref="ConfigException"/> (file, line, column, what is allowed) for anything else.
    /// </summary>
    public static ProjectConfig Load(string configPath) =>
        Load(configPath, DefaultReader.Value, KeyPathExpansion.FromEnvironment());

    public static ProjectConfig Load(string configPath, IYamlDocumentReader reader, KeyPathExpansion expansion)
    {
        var fullPath = Path.GetFullPath(configPath);
        return Parse(ReadText(fullPath), fullPath, reader, expansion);
    }

    /// <summary>Validates <paramref name="text"/> as if read from the absolute <paramref name="configPath"/>.</summary>
    public static ProjectConfig Parse(string text, string configPath, IYamlDocumentReader reader, KeyPathExpansion expansion) =>
        ConfigDocument.Build(reader.Read(text, configPath), configPath, expansion);

    private static string ReadText(string fullPath)
    {
        try
        {
            return File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigNotFoundException(fullPath,
                $"The config file '{fullPath}' does not exist. Pass an existing config file or the folder that holds {ProjectLocator.ConfigFileName}.");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            throw new ConfigException(fullPath, 0, 0, $"cannot read the config file: {e.Message}", e);
        }
    }
}
