using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Ragnatramp.Tests.Isolation;

/// <summary>
/// What Windows PowerShell 5.1 (.NET Framework 4.7.2) can load of the built module, found by reflection
/// over metadata only (System.Reflection.MetadataLoadContext): nothing runs, so it works on any OS.
/// </summary>
internal static class DesktopLoadProof
{
    /// <summary>The .NET Framework 4.7.2 reference assemblies (v4.7.2 and its Facades).</summary>
    public static string FrameworkDirectory => Metadata("Net472ReferenceAssemblies");

    /// <summary>PowerShellStandard.Library's System.Management.Automation 3.0.0.0, as Windows PowerShell 5.1 has it.</summary>
    public static string PowerShellAssembly => Metadata("WindowsPowerShellReferenceAssembly");

    /// <summary>The module as build.ps1 lays it out (out/Ragnatramp), found from the repository root.</summary>
    public static string ModuleDirectory
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Directory.Build.props"))) dir = dir.Parent;
            if (dir is null) throw new InvalidOperationException("The repository root (Directory.Build.props) is not above " + AppContext.BaseDirectory);
            var module = Path.Combine(dir.FullName, "out", "Ragnatramp");
            if (!File.Exists(Path.Combine(module, "Ragnatramp.dll")))
                throw new InvalidOperationException($"No built module in {module}: run 'dotnet pwsh ./build.ps1 -Task Build' first (build.ps1 -Task Test does).");
            return module;
        }
    }

    public static IEnumerable<string> FrameworkAssemblies() =>
        Directory.GetFiles(FrameworkDirectory, "*.dll").Concat(Directory.GetFiles(Path.Combine(FrameworkDirectory, "Facades"), "*.dll"))
            .Where(IsAssembly);

    private static bool IsAssembly(string file)
    {
        using var stream = File.OpenRead(file);
        using var pe = new PEReader(stream);
        return pe.HasMetadata && pe.GetMetadataReader().IsAssembly;
    }

    /// <summary>
    /// A metadata context that sees what 5.1 sees while it imports the module, before OnImport runs: the
    /// framework, System.Management.Automation and the module's root assembly, but NOT Dependencies/.
    /// </summary>
    public static MetadataLoadContext WithoutDependencies(string moduleDir) =>
        new(new PathAssemblyResolver(FrameworkAssemblies().Append(PowerShellAssembly).Append(Path.Combine(moduleDir, "Ragnatramp.dll"))), "mscorlib");

    /// <summary>
    /// Every type of the assembly, loaded the way the CLR and PowerShell's import load it: base types,
    /// interfaces, attributes (and the types they name), value-type fields (layout); for public types, cmdlets and
    /// the types their attributes name (OutputType, ArgumentCompleter) also every public property, method and
    /// constructor signature, since PowerShell reflects over those. Returns one line per failure.
    /// </summary>
    public static IReadOnlyList<string> TypeLoadFailures(Assembly assembly)
    {
        var failures = new List<string>();
        var deep = new HashSet<Type>();
        var queue = new Queue<Type>();
        foreach (var type in assembly.GetTypes())
        {
            Shallow(type, failures, queue);
            if (type.IsPublic || type.IsNestedPublic || IsCmdlet(type, failures)) queue.Enqueue(type);
        }
        while (queue.Count > 0)
        {
            var type = queue.Dequeue();
            if (type.Assembly != assembly || !deep.Add(type)) continue;
            Deep(type, failures, queue);
        }
        return failures.Distinct().ToList();
    }

    /// <summary>
    /// Each assembly reference of <paramref name="files"/> that neither the framework nor the module's own copies
    /// (root assembly, Dependencies/) satisfy with a version at least the one requested.
    /// </summary>
    public static IReadOnlyList<string> UnresolvedReferences(IEnumerable<string> files, IReadOnlyDictionary<string, Version> available)
    {
        var problems = new List<string>();
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.AssemblyReferences)
            {
                var reference = reader.GetAssemblyReference(handle);
                var name = reader.GetString(reference.Name);
                if (!available.TryGetValue(name, out var version))
                    problems.Add($"{Path.GetFileName(file)} references {name} {reference.Version}: not in .NET Framework 4.7.2, PowerShell 5.1 or the module");
                else if (version < reference.Version)
                    problems.Add($"{Path.GetFileName(file)} references {name} {reference.Version}: only {version} is there");
            }
        }
        return problems;
    }

    /// <summary>Name → version of every assembly in these files (the highest when a name repeats).</summary>
    public static Dictionary<string, Version> Versions(IEnumerable<string> files)
    {
        var versions = new Dictionary<string, Version>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in files)
        {
            using var stream = File.OpenRead(file);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) continue;
            var reader = pe.GetMetadataReader();
            if (!reader.IsAssembly) continue;
            var definition = reader.GetAssemblyDefinition();
            var name = reader.GetString(definition.Name);
            if (!versions.TryGetValue(name, out var known) || known < definition.Version) versions[name] = definition.Version;
        }
        return versions;
    }

    private static void Shallow(Type type, List<string> failures, Queue<Type> deep)
    {
        Try(failures, type, "base type", () =>
        {
            for (var b = type.BaseType; b is not null; b = b.BaseType) Touch(b);
        });
        Try(failures, type, "interfaces", () =>
        {
            foreach (var i in type.GetInterfaces()) Touch(i);
        });
        Attributes(type, type.CustomAttributes, failures, deep, "attribute");
        foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            // The CLR lays out value-type fields when it loads the type; reference-type fields load only when used.
            if (!IsValueTypeField(field)) continue;
            Try(failures, type, $"field {field.Name}", () => Touch(field.FieldType));
        }
    }

    private static void Deep(Type type, List<string> failures, Queue<Type> queue)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        foreach (var property in type.GetProperties(Public))
        {
            Try(failures, type, $"property {property.Name}", () => Touch(property.PropertyType));
            Attributes(type, property.CustomAttributes, failures, queue, $"attribute of {property.Name}");
        }
        foreach (var method in type.GetMethods(Public))
        {
            Try(failures, type, $"method {method.Name}", () =>
            {
                Touch(method.ReturnType);
                foreach (var p in method.GetParameters()) Touch(p.ParameterType);
            });
        }
        foreach (var constructor in type.GetConstructors(BindingFlags.Public | BindingFlags.Instance))
        {
            Try(failures, type, "constructor", () =>
            {
                foreach (var p in constructor.GetParameters()) Touch(p.ParameterType);
            });
        }
    }

    private static void Attributes(Type owner, IEnumerable<CustomAttributeData> attributes, List<string> failures, Queue<Type> deep, string what)
    {
        Try(failures, owner, what, () =>
        {
            foreach (var attribute in attributes)
            {
                Touch(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.NamedArguments.Select(n => n.TypedValue)))
                {
                    Touch(argument.ArgumentType);
                    foreach (var named in NamedTypes(argument.Value))
                    {
                        Touch(named);
                        deep.Enqueue(named);
                    }
                }
            }
        });
    }

    // typeof(X) arguments, alone or in arrays ([OutputType(typeof(A), typeof(B))]).
    private static IEnumerable<Type> NamedTypes(object? value) => value switch
    {
        Type t => new[] { t },
        IEnumerable<CustomAttributeTypedArgument> items => items.SelectMany(i => NamedTypes(i.Value)),
        _ => Array.Empty<Type>(),
    };

    private static bool IsCmdlet(Type type, List<string> failures)
    {
        try
        {
            for (var b = type.BaseType; b is not null; b = b.BaseType)
                if (b.FullName == "System.Management.Automation.Cmdlet") return true;
        }
        catch (FileNotFoundException)
        {
            // Reported by Shallow.
        }
        return false;
    }

    // Whether the field's signature says ELEMENT_TYPE_VALUETYPE (a struct of some assembly), read without resolving the type.
    private static bool IsValueTypeField(FieldInfo field)
    {
        using var stream = File.OpenRead(field.Module.Assembly.Location);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var definition = reader.GetFieldDefinition((FieldDefinitionHandle)MetadataTokens.EntityHandle(field.MetadataToken));
        var blob = reader.GetBlobReader(definition.Signature);
        blob.ReadSignatureHeader();
        // The raw element type (ReadSignatureTypeCode folds CLASS and VALUETYPE into one code).
        var code = blob.ReadByte();
        if (code == 0x15) code = blob.ReadByte(); // ELEMENT_TYPE_GENERICINST, then CLASS or VALUETYPE
        return code == 0x11; // ELEMENT_TYPE_VALUETYPE
    }

    private static void Touch(Type type)
    {
        if (type.HasElementType)
        {
            Touch(type.GetElementType()!);
            return;
        }
        if (type.IsGenericParameter) return;
        _ = type.Attributes; // resolves the type's definition in its assembly
        if (type.IsConstructedGenericType)
            foreach (var argument in type.GetGenericArguments()) Touch(argument);
    }

    private static void Try(List<string> failures, Type type, string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e) when (e is FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
        {
            failures.Add($"{type.FullName}: {what}: {e.Message}");
        }
    }

    private static string Metadata(string key) =>
        typeof(DesktopLoadProof).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly has no '{key}' metadata.");
}
