using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Ragnatramp.Isolation;

/// <summary>
/// Finds the implementations that live in Ragnatramp.Isolated.dll (YAML and SSH adapters).
/// The module keeps that assembly and its third-party dependencies in a Dependencies folder:
/// on PowerShell 7 they load into a private AssemblyLoadContext, on Windows PowerShell 5.1 they
/// resolve from that folder. Either way another module's YamlDotNet or SSH.NET never clashes.
/// </summary>
internal static class IsolatedLibraries
{
    internal const string AssemblyName = "Ragnatramp.Isolated";
    internal const string DependencyFolder = "Dependencies";
    private const string LoadContextAssemblyName = "Ragnatramp.Isolation.LoadContext";

    private static readonly object Gate = new();

    /// <summary>Windows PowerShell only: a warning naming dependencies another module loaded first (null: none).</summary>
    internal static string? DesktopConflictWarning { get; private set; }
    private static Assembly? _isolated;
    private static ResolveEventHandler? _desktopResolver;

    /// <summary>Creates the single public implementation of <typeparamref name="T"/> in the isolated assembly.</summary>
    internal static T Create<T>() where T : class
    {
        var assembly = EnsureLoaded();
        var type = LoadableTypes(assembly).FirstOrDefault(t =>
            t.IsClass && !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null);
        if (type == null)
        {
            throw new InvalidOperationException(
                $"{AssemblyName}.dll has no implementation of {typeof(T).FullName}. Reinstall the Ragnatramp module.");
        }
        return (T)Activator.CreateInstance(type)!;
    }

    // One adapter whose dependencies cannot load (e.g. SSH.NET's) must not take the others (YAML) down with it.
    private static Type[] LoadableTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.Where(t => t != null).ToArray()!;
        }
    }

    internal static Assembly EnsureLoaded()
    {
        lock (Gate)
        {
            return _isolated ??= Load();
        }
    }

    internal static void Unload()
    {
        lock (Gate)
        {
            if (_desktopResolver != null)
            {
                AppDomain.CurrentDomain.AssemblyResolve -= _desktopResolver;
                _desktopResolver = null;
            }
            _isolated = null;
        }
    }

    private static Assembly Load()
    {
        var self = typeof(IsolatedLibraries).Assembly;
        var moduleDir = Path.GetDirectoryName(self.Location) ?? ".";
        var dependencyDir = Path.Combine(moduleDir, DependencyFolder);

        // Test hosts reference Ragnatramp.Isolated directly: no Dependencies folder, plain load.
        if (!Directory.Exists(dependencyDir))
        {
            return Assembly.Load(new AssemblyName(AssemblyName));
        }

        var isolatedPath = Path.Combine(dependencyDir, AssemblyName + ".dll");
        if (IsDotNetCore())
        {
            return LoadIntoPrivateContext(dependencyDir, isolatedPath);
        }

        DesktopConflictWarning = SharedDependencyConflicts.Warning(SharedDependencyConflicts.Find(
            AppDomain.CurrentDomain.GetAssemblies().Where(a => !a.IsDynamic).Select(a => (a.GetName().Name ?? "", (string?)a.Location)),
            dependencyDir,
            Directory.GetFiles(dependencyDir, "*.dll").Select(Path.GetFileNameWithoutExtension)));
        _desktopResolver = (_, args) => ResolveOnDesktop(self, dependencyDir, args);
        AppDomain.CurrentDomain.AssemblyResolve += _desktopResolver;
        return Assembly.LoadFrom(isolatedPath);
    }

    private static bool IsDotNetCore() =>
        !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    // The AssemblyLoadContext subclass lives in its own assembly, reached by reflection, so that
    // Windows PowerShell never has to load a type it cannot (whatever enumerates Ragnatramp.dll).
    private static Assembly LoadIntoPrivateContext(string dependencyDir, string isolatedPath)
    {
        var loader = Assembly.LoadFrom(Path.Combine(dependencyDir, LoadContextAssemblyName + ".dll"));
        var method = loader.GetType(LoadContextAssemblyName + ".PrivateLoadContext", throwOnError: true)!
            .GetMethod("LoadIsolated", BindingFlags.Public | BindingFlags.Static)!;
        try
        {
            return (Assembly)method.Invoke(null, new object[] { dependencyDir, isolatedPath })!;
        }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            throw e.InnerException;
        }
    }

    // Windows PowerShell has one load context for every module: answer only for our own assemblies'
    // references, and only with a copy at least as new as asked, so other modules never get ours.
    private static Assembly? ResolveOnDesktop(Assembly self, string dependencyDir, ResolveEventArgs args)
    {
        var requested = new AssemblyName(args.Name);
        if (string.Equals(requested.Name, self.GetName().Name, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }
        if (args.RequestingAssembly != null && !IsOurs(args.RequestingAssembly, self, dependencyDir))
        {
            return null;
        }
        var candidate = Path.Combine(dependencyDir, requested.Name + ".dll");
        if (!File.Exists(candidate)) return null;
        var available = System.Reflection.AssemblyName.GetAssemblyName(candidate).Version;
        return requested.Version == null || available >= requested.Version ? Assembly.LoadFrom(candidate) : null;
    }

    private static bool IsOurs(Assembly requesting, Assembly self, string dependencyDir)
    {
        if (requesting == self) return true;
        var location = requesting.IsDynamic ? null : requesting.Location;
        return !string.IsNullOrEmpty(location)
               && string.Equals(Path.GetDirectoryName(location), dependencyDir.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar),
                   StringComparison.OrdinalIgnoreCase);
    }
}
