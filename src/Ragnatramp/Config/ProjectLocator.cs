using System;
using System.IO;

namespace Ragnatramp.Config;

/// <summary>Finds the project's ragnatramp.yaml from what the user passed as -Path.</summary>
internal static class ProjectLocator
{
    public const string ConfigFileName = "ragnatramp.yaml";

    /// <summary>
    /// The absolute path of the config file: <paramref name="pathOrFolder"/> is the file itself or the
    /// folder holding ragnatramp.yaml; null or empty means ragnatramp.yaml in
    /// <paramref name="currentDirectory"/>. Relative paths are relative to <paramref name="currentDirectory"/>
    /// (cmdlets pass PowerShell's current FileSystem location, not the process's working directory).
    /// Throws <see cref="ConfigNotFoundException"/> when there is no such file.
    /// </summary>
    public static string ResolveConfigPath(string? pathOrFolder, string currentDirectory)
    {
        if (string.IsNullOrEmpty(pathOrFolder))
        {
            var inCurrent = Path.GetFullPath(Path.Combine(currentDirectory, ConfigFileName));
            if (!File.Exists(inCurrent))
            {
                throw new ConfigNotFoundException(inCurrent,
                    $"There is no {ConfigFileName} in the current location '{Path.GetDirectoryName(inCurrent)}'. " +
                    "Go to the project's folder or pass -Path with the config file or its folder.");
            }
            return inCurrent;
        }

        string full;
        try
        {
            full = Path.GetFullPath(Path.Combine(currentDirectory, pathOrFolder));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new ConfigNotFoundException(pathOrFolder!, $"'{pathOrFolder}' is not a valid path: {e.Message}");
        }

        if (Directory.Exists(full))
        {
            var inFolder = Path.Combine(full, ConfigFileName);
            if (!File.Exists(inFolder))
            {
                throw new ConfigNotFoundException(inFolder,
                    $"The folder '{full}' has no {ConfigFileName}. Pass the config file itself or the folder that holds {ConfigFileName}.");
            }
            return inFolder;
        }
        if (!File.Exists(full))
        {
            throw new ConfigNotFoundException(full,
                $"The config file '{full}' does not exist. Pass an existing config file or the folder that holds {ConfigFileName}.");
        }
        return full;
    }
}
