using System.Management.Automation;

namespace Ragnatramp.Isolation;

/// <summary>Refuses unsupported runtimes, then sets up the private load context for third-party libraries, when the module is imported.</summary>
public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport()
    {
        RuntimeRequirements.EnsureSupported();
        IsolatedLibraries.EnsureLoaded();
    }

    public void OnRemove(PSModuleInfo psModuleInfo) => IsolatedLibraries.Unload();
}
