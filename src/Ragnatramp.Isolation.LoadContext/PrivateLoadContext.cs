using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;

namespace Ragnatramp.Isolation.LoadContext;

/// <summary>
/// The private load context (PowerShell 7 only) for Ragnatramp.Isolated and its third-party
/// dependencies. Ragnatramp.dll itself comes from the default context, so interfaces and output
/// types are shared; the runtime's own assemblies are shared when they are at least the version
/// asked for, and our copy is used when the runtime's is older (PowerShell 7.4 ships
/// System.Formats.Asn1 8.0 and Microsoft.Bcl.AsyncInterfaces 5.0, SSH.NET asks for 10.0 and 8.0).
/// </summary>
public sealed class PrivateLoadContext : AssemblyLoadContext
{
    private const string SharedAssembly = "Ragnatramp";

    private readonly string _dependencyDir;
    private readonly Dictionary<string, string> _platformAssemblies;
    private readonly Dictionary<string, Version?> _versions = new(StringComparer.OrdinalIgnoreCase);

    private PrivateLoadContext(string dependencyDir)
    {
        _dependencyDir = dependencyDir;
        _platformAssemblies = ReadPlatformAssemblies();
    }

    /// <summary>Loads <paramref name="assemblyPath"/> into a new private context whose dependencies come from <paramref name="dependencyDir"/>.</summary>
    /// <remarks>Called by Ragnatramp.dll through reflection, so keep the name and signature.</remarks>
    public static Assembly LoadIsolated(string dependencyDir, string assemblyPath) =>
        new PrivateLoadContext(dependencyDir).LoadFromAssemblyPath(assemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var name = assemblyName.Name;
        if (name == null || string.Equals(name, SharedAssembly, StringComparison.OrdinalIgnoreCase)) return null;

        var privatePath = Path.Combine(_dependencyDir, name + ".dll");
        var privateExists = File.Exists(privatePath);
        var choice = AssemblySource.Choose(
            assemblyName.Version,
            _platformAssemblies.TryGetValue(name, out var platformPath) ? VersionOf(platformPath) : null,
            isPlatformAssembly: platformPath != null,
            privateVersion: privateExists ? VersionOf(privatePath) : null);
        return choice == AssemblySourceKind.Private ? LoadFromAssemblyPath(privatePath) : null;
    }

    private Version? VersionOf(string path)
    {
        if (!_versions.TryGetValue(path, out var version))
        {
            try { version = AssemblyName.GetAssemblyName(path).Version; }
            catch (Exception e) when (e is IOException or BadImageFormatException or UnauthorizedAccessException) { version = null; }
            _versions[path] = version;
        }
        return version;
    }

    private static Dictionary<string, string> ReadPlatformAssemblies()
    {
        var paths = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (AppDomain.CurrentDomain.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string list)
        {
            foreach (var path in list.Split(Path.PathSeparator))
            {
                if (path.Length > 0) paths[Path.GetFileNameWithoutExtension(path)] = path;
            }
        }
        return paths;
    }
}
