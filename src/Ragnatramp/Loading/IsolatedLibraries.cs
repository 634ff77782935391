using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Ragnatramp.Loading;

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

    private static readonly object Gate = new();
    private static Assembly? _isolated;
    private static ResolveEventHandler? _desktopResolver;

    /// <summary>Creates the single public implementation of <typeparamref name="T"/> in the isolated assembly.</summary>
    internal static T Create<T>() where T : class
    {
        var assembly = EnsureLoaded();
        var type = assembly.GetTypes().FirstOrDefault(t =>
            t.IsClass && !t.IsAbstract && typeof(T).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) != null);
        if (type == null)
        {
            throw new InvalidOperationException(
                $"{AssemblyName}.dll has no implementation of {typeof(T).FullName}. Reinstall the Ragnatramp module.");
        }
        return (T)Activator.CreateInstance(type)!;
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

        _desktopResolver = (_, args) => ResolveOnDesktop(self, dependencyDir, args.Name);
        AppDomain.CurrentDomain.AssemblyResolve += _desktopResolver;
        return Assembly.LoadFrom(isolatedPath);
    }

    private static bool IsDotNetCore() =>
        !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.OrdinalIgnoreCase);

    // Kept out of line so Windows PowerShell never JIT-compiles a method that touches AssemblyLoadContext.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Assembly LoadIntoPrivateContext(string dependencyDir, string isolatedPath) =>
        new IsolatedLoadContext(dependencyDir).LoadFromAssemblyPath(isolatedPath);

    private static Assembly? ResolveOnDesktop(Assembly self, string dependencyDir, string requested)
    {
        var name = new AssemblyName(requested).Name;
        if (string.Equals(name, self.GetName().Name, StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }
        var candidate = Path.Combine(dependencyDir, name + ".dll");
        return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
    }
}
