using Ragnatramp.Isolation;

namespace Ragnatramp.Tests.Isolation;

public class IsolatedLibrariesTests
{
    [Fact]
    public void Without_a_Dependencies_folder_the_isolated_assembly_loads_from_the_host()
    {
        var assembly = IsolatedLibraries.EnsureLoaded();
        Assert.Equal("Ragnatramp.Isolated", assembly.GetName().Name);
    }

    [Fact]
    public void Create_names_the_missing_interface_when_nothing_implements_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() => IsolatedLibraries.Create<INothingImplementsThis>());
        Assert.Contains(nameof(INothingImplementsThis), error.Message);
    }

    internal interface INothingImplementsThis
    {
    }
}
