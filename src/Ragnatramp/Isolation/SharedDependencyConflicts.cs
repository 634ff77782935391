using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace Ragnatramp.Isolation;

/// <summary>
/// Windows PowerShell 5.1 has one load context for every module: when another module (Posh-SSH,
/// powershell-yaml, …) loaded one of our dependencies first, with the same assembly identity
/// (BouncyCastle keeps 2.0.0.0 across 2.x, YamlDotNet 16.0.0.0 across 16.x), ours is never loaded
/// and theirs is used. Nothing can undo that in the session; the user can be told.
/// </summary>
internal static class SharedDependencyConflicts
{
    /// <summary>One line per dependency of ours that an assembly from elsewhere already provides.</summary>
    /// <param name="loaded">Simple name and file of every assembly loaded in the session.</param>
    /// <param name="dependencyDir">The module's Dependencies folder.</param>
    /// <param name="ourDependencies">Simple names of the assemblies in that folder.</param>
    public static IReadOnlyList<string> Find(IEnumerable<(string Name, string? Location)> loaded, string dependencyDir,
        IEnumerable<string> ourDependencies)
    {
        var ours = new HashSet<string>(ourDependencies, StringComparer.OrdinalIgnoreCase);
        var folder = Path.GetFullPath(dependencyDir).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        return loaded
            .Where(a => ours.Contains(a.Name) && !string.IsNullOrEmpty(a.Location)
                        && !string.Equals(Path.GetDirectoryName(Path.GetFullPath(a.Location)), folder, StringComparison.OrdinalIgnoreCase))
            .Select(a => $"{a.Name} (from {a.Location})")
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(s => s, StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    /// <summary>The warning for <paramref name="conflicts"/>, or null when there are none.</summary>
    public static string? Warning(IReadOnlyList<string> conflicts) =>
        conflicts.Count == 0
            ? null
            : "Another module loaded libraries Ragnatramp also uses before Ragnatramp was imported: " +
              string.Join("; ", conflicts) + ". Windows PowerShell shares one copy per session, so Ragnatramp runs on that copy " +
              "and YAML or SSH may fail. Import Ragnatramp first in a new session, or use PowerShell 7, where its libraries are kept apart.";
}
