using System.Reflection;

namespace Ragnatramp.Tests.Isolation;

/// <summary>
/// The Windows PowerShell 5.1 load proof: Import-Module reflects over Ragnatramp.dll (its cmdlets, their
/// parameters and output types) BEFORE OnImport registers the resolver for Dependencies/, so nothing it
/// touches may need a library that lives only there; and once the resolver runs, every reference must be met.
/// </summary>
public class DesktopLoadProofTests
{
    [Fact]
    public void The_proof_sees_the_framework_PowerShell_and_the_built_module()
    {
        Assert.True(File.Exists(Path.Combine(DesktopLoadProof.FrameworkDirectory, "mscorlib.dll")), DesktopLoadProof.FrameworkDirectory);
        Assert.True(File.Exists(Path.Combine(DesktopLoadProof.FrameworkDirectory, "Facades", "netstandard.dll")));
        Assert.True(File.Exists(DesktopLoadProof.PowerShellAssembly));
        Assert.True(Directory.Exists(Path.Combine(DesktopLoadProof.ModuleDirectory, "Dependencies")));
    }

    [Fact]
    public void Every_type_of_Ragnatramp_dll_loads_without_the_Dependencies_folder()
    {
        var module = DesktopLoadProof.ModuleDirectory;
        using var context = DesktopLoadProof.WithoutDependencies(module);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(module, "Ragnatramp.dll"));

        var failures = DesktopLoadProof.TypeLoadFailures(assembly);

        Assert.True(failures.Count == 0, "Types Windows PowerShell 5.1 cannot load before OnImport:\n" + string.Join("\n", failures));
        // The proof looked at what matters: the cmdlets and the output types are among the loaded types.
        var names = assembly.GetTypes().Select(t => t.FullName).ToList();
        Assert.Contains("Ragnatramp.Cmdlets.GetRagnaVmAddressCommand", names);
        Assert.Contains("Ragnatramp.VmAddress", names);
    }

    [Fact]
    public void The_proof_catches_what_5_1_would_trip_over_and_nothing_else()
    {
        // A small module compiled here: an output type with a System.Text.Json property, a struct with a JsonElement field,
        // and a class that merely holds a JsonObject in a private field (harmless: loaded only when used).
        var module = DesktopLoadProof.ModuleDirectory;
        var json = Path.Combine(module, "Dependencies", "System.Text.Json.dll");
        var dir = Directory.CreateTempSubdirectory("ragnatramp-loadproof-");
        try
        {
            var probe = Path.Combine(dir.FullName, "Probe.dll");
            const string source = @"
using System.Management.Automation;
[Cmdlet(VerbsCommon.Get, ""Probe"")] [OutputType(typeof(ProbeOutput))]
public sealed class GetProbeCommand : PSCmdlet { [Parameter] public string Name { get; set; } }
public sealed class ProbeOutput { public System.Text.Json.JsonElement Element { get; set; } }
internal struct Holder { public System.Text.Json.JsonElement Element; }
internal sealed class Harmless { private System.Text.Json.Nodes.JsonObject _root; public int Count => _root == null ? 0 : 1; }";
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("Probe",
                new[] { Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source) },
                DesktopLoadProof.FrameworkAssemblies().Append(DesktopLoadProof.PowerShellAssembly).Append(json)
                    .Select(p => Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(p)),
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
            Microsoft.CodeAnalysis.Emit.EmitResult emitted;
            using (var output = File.Create(probe)) emitted = compilation.Emit(output);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));

            using var context = new MetadataLoadContext(new PathAssemblyResolver(
                DesktopLoadProof.FrameworkAssemblies().Append(DesktopLoadProof.PowerShellAssembly).Append(probe)), "mscorlib");
            var failures = DesktopLoadProof.TypeLoadFailures(context.LoadFromAssemblyPath(probe));

            Assert.Contains(failures, f => f.StartsWith("ProbeOutput: property Element") && f.Contains("System.Text.Json"));
            Assert.Contains(failures, f => f.StartsWith("Holder: field Element"));
            Assert.DoesNotContain(failures, f => f.StartsWith("Harmless") || f.StartsWith("GetProbeCommand"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Every_assembly_reference_of_the_module_resolves_to_at_least_the_version_requested()
    {
        var module = DesktopLoadProof.ModuleDirectory;
        var ours = Directory.GetFiles(Path.Combine(module, "Dependencies"), "*.dll").Append(Path.Combine(module, "Ragnatramp.dll")).ToList();
        // The CLR binds the framework's copy first (unification), then Ragnatramp's resolver offers Dependencies/.
        var available = DesktopLoadProof.Versions(DesktopLoadProof.FrameworkAssemblies().Append(DesktopLoadProof.PowerShellAssembly).Concat(ours));

        var problems = DesktopLoadProof.UnresolvedReferences(ours, available);

        Assert.True(problems.Count == 0, "Assembly references Windows PowerShell 5.1 cannot satisfy:\n" + string.Join("\n", problems));
        Assert.True(ours.Count > 5, "the module's Dependencies folder was found and read");
    }

    [Fact]
    public void A_reference_newer_than_what_is_there_is_reported()
    {
        var module = DesktopLoadProof.ModuleDirectory;
        var root = Path.Combine(module, "Ragnatramp.dll");
        var available = DesktopLoadProof.Versions(DesktopLoadProof.FrameworkAssemblies().Append(DesktopLoadProof.PowerShellAssembly));
        // Without Dependencies/, Ragnatramp.dll's System.Text.Json reference is unmet: the check must name it.
        var problems = DesktopLoadProof.UnresolvedReferences(new[] { root }, available);
        Assert.Contains(problems, p => p.Contains("System.Text.Json"));

        available["System.Text.Json"] = new Version(1, 0, 0, 0);
        problems = DesktopLoadProof.UnresolvedReferences(new[] { root }, available);
        Assert.Contains(problems, p => p.Contains("System.Text.Json") && p.Contains("only 1.0.0.0"));
    }
}
