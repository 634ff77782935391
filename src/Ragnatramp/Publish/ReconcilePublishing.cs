using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Hosts;
using Ragnatramp.Ssh;
using Ragnatramp.State;

namespace Ragnatramp.Publish;

/// <summary>
/// Invoke-RagnaReconcile's publishing (publish.ssh_config, publish.hosts_file of ragnatramp.reconcile.yaml):
/// the host-side files kept current from the state the run recorded. A dry run lists what it would write and
/// writes nothing. A failure is a warning and an error the cmdlet writes after its result; it never stops the guests.
/// </summary>
internal sealed class ReconcilePublishing
{
    public const string SshConfigFailedErrorId = "PublishSshConfigFailed";

    private readonly PSCmdlet _cmdlet;
    private readonly Action<string> _warn;

    public ReconcilePublishing(PSCmdlet cmdlet, Action<string> warn)
    {
        _cmdlet = cmdlet;
        _warn = warn;
    }

    /// <summary>The files written (or, in a dry run, that would be written).</summary>
    public List<string> Published { get; } = new();

    /// <summary>The failures, to write after the result.</summary>
    public List<ErrorRecord> Errors { get; } = new();

    public void Run(ProjectConfig config, StateDocument? state, bool dryRun)
    {
        if (config.Publish.SshConfig) PublishSshConfig(config, state, dryRun);
        if (config.Publish.HostsFile) PublishHostsFile(config, state, dryRun);
    }

    private void PublishSshConfig(ProjectConfig config, StateDocument? state, bool dryRun)
    {
        var publisher = SshConfigPublisher.ForCurrentUser();
        try
        {
            var text = CmdletSshConfig.PublishedText(config, state);
            if (dryRun)
            {
                foreach (var file in publisher.Pending(config.ProjectName, text))
                {
                    _cmdlet.ShouldProcess(file, "Publish the project's ssh config");
                    Published.Add(file);
                }
                return;
            }
            if (!_cmdlet.ShouldProcess(publisher.ProjectFile(config.ProjectName), "Publish the project's ssh config (and include it from ~/.ssh/config)")) return;
            var written = publisher.Publish(config.ProjectName, text);
            foreach (var file in written) _cmdlet.WriteVerbose($"Published the ssh config: wrote '{file}'.");
            if (written.Count == 0) _cmdlet.WriteVerbose($"The published ssh config '{publisher.ProjectFile(config.ProjectName)}' is up to date.");
            Published.AddRange(written);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            var message = $"Could not publish the ssh config of project '{config.ProjectName}' into '{publisher.SshFolder}': {e.Message}";
            _warn(message);
            Errors.Add(new ErrorRecord(e, SshConfigFailedErrorId, ErrorCategory.WriteError, publisher.ProjectFile(config.ProjectName))
            {
                ErrorDetails = new ErrorDetails(message)
                {
                    RecommendedAction = "The guests were synced and the state was written. Fix the reason, then run again, or set publish.ssh_config to false.",
                },
            });
        }
    }

    private void PublishHostsFile(ProjectConfig config, StateDocument? state, bool dryRun)
    {
        var path = LocalHostsFile.DefaultPath();
        try
        {
            var result = CmdletHostsFile.Sync(_cmdlet, config, RecordedAddresses.Of(config, state), path, dryRun, _warn);
            if (result != null && result.Status != HostsFileStatus.Unchanged) Published.Add(result.Path);
        }
        catch (HostsFileException e)
        {
            _warn($"Could not publish the block of project '{config.ProjectName}' into the hosts file: {e.Message}");
            Errors.Add(CmdletHostsFile.ToErrorRecord(e));
        }
    }
}
