using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Hosts;
using Ragnatramp.Publish;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>Sync-RagnaHostsFile: keeps this project's block in the host's own hosts file (names &lt;machine&gt;.&lt;project&gt;).</summary>
[Cmdlet(VerbsData.Sync, "RagnaHostsFile", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(HostsFileResult))]
public sealed class SyncRagnaHostsFileCommand : RagnaCmdlet
{
    /// <summary>The config file or its folder (default: ragnatramp.yaml in the current location).</summary>
    [Parameter(Position = 0)]
    public string? Path { get; set; }

    /// <summary>The hosts file to write (default: the platform's own hosts file).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? HostsPath { get; set; }

    protected override void EndProcessing()
    {
        var path = HostsPath == null ? LocalHostsFile.DefaultPath() : GetUnresolvedProviderPathFromPSPath(HostsPath);
        try
        {
            // Before anything else: without write access there is nothing to do but say how to get it.
            new LocalHostsFile(path).CheckWriteAccess();
            var config = ProjectConfigLoading.Load(this, Path);
            var state = ProjectStateReading.Read(this, StateStore.ForConfig(config.ConfigPath));
            var result = CmdletHostsFile.Sync(this, config, RecordedAddresses.Of(config, state), path, CmdletHostsSync.IsWhatIf(this), WriteWarning);
            if (result != null) WriteObject(result);
        }
        catch (HostsFileException e)
        {
            ThrowTerminatingError(CmdletHostsFile.ToErrorRecord(e));
        }
    }
}
