using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Ragnatramp.Loading;

/// <summary>
/// The private load context (PowerShell 7 only) for Ragnatramp.Isolated and its third-party
/// dependencies. Ragnatramp.dll itself and the framework's own assemblies come from the default
/// context, so the interfaces and output types are shared.
/// </summary>
internal sealed class IsolatedLoadContext : AssemblyLoadContext
{
    private readonly string _dependencyDir;
    private readonly HashSet<string> _platformAssemblies;

    public IsolatedLoadContext(string dependencyDir)
    {
        _dependencyDir = dependencyDir;
        _platformAssemblies = ReadPlatformAssemblyNames();
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name == null
            || string.Equals(name, typeof(IsolatedLoadContext).Assembly.GetName().Name, StringComparison.OrdinalIgnoreCase)
            || _platformAssemblies.Contains(name))
        {
            // Shared with the default context: our own types, and the runtime's (newer) System.* assemblies.
            return null;
        }
        var candidate = Path.Combine(_dependencyDir, name + ".dll");
        return File.Exists(candidate) ? LoadFromAssemblyPath(candidate) : null;
    }

    private static HashSet<string> ReadPlatformAssemblyNames()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppDomain.CurrentDomain.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.Length > 0)
                {
                    names.Add(Path.GetFileNameWithoutExtension(path));
                }
            }
        }
        return names;
    }
}
