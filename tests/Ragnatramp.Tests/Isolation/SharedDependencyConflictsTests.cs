using Ragnatramp.Isolation;

namespace Ragnatramp.Tests.Isolation;

public class SharedDependencyConflictsTests
{
    private static readonly string ModuleDeps = Path.Combine(Path.GetTempPath(), "Modules", "Ragnatramp", "Dependencies");
    private static readonly string[] Ours = { "Renci.SshNet", "BouncyCastle.Cryptography", "YamlDotNet" };

    [Fact]
    public void Names_a_dependency_another_module_loaded_first_with_its_file()
    {
        var poshSsh = Path.Combine(Path.GetTempPath(), "Modules", "Posh-SSH", "Assembly", "BouncyCastle.Cryptography.dll");
        var conflicts = SharedDependencyConflicts.Find(new[]
        {
            ("BouncyCastle.Cryptography", (string?)poshSsh),
            ("System.Management.Automation", (string?)"/opt/pwsh/System.Management.Automation.dll"),
        }, ModuleDeps, Ours);

        var conflict = Assert.Single(conflicts);
        Assert.Equal($"BouncyCastle.Cryptography (from {poshSsh})", conflict);
        Assert.Contains("Import Ragnatramp first", SharedDependencyConflicts.Warning(conflicts));
    }

    [Fact]
    public void Our_own_copies_and_assemblies_without_a_file_are_no_conflict()
    {
        var conflicts = SharedDependencyConflicts.Find(new[]
        {
            ("Renci.SshNet", (string?)Path.Combine(ModuleDeps, "Renci.SshNet.dll")),
            ("YamlDotNet", (string?)""),
        }, ModuleDeps + Path.DirectorySeparatorChar, Ours);

        Assert.Empty(conflicts);
        Assert.Null(SharedDependencyConflicts.Warning(conflicts));
    }
}
