using System.Management.Automation;

namespace Ragnatramp.Loading;

/// <summary>Sets up the private load context for third-party libraries when the module is imported.</summary>
public sealed class ModuleLifecycle : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    public void OnImport() => IsolatedLibraries.EnsureLoaded();

    public void OnRemove(PSModuleInfo psModuleInfo) => IsolatedLibraries.Unload();
}
