using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Hosts;
using Ragnatramp.State;

namespace Ragnatramp.Publish;

/// <summary>
/// A project's block in the host's hosts file, from a cmdlet (Sync-RagnaHostsFile, Invoke-RagnaReconcile's
/// publish.hosts_file): the state's addresses, -WhatIf/-Confirm, the DNS client cache flushed after a change.
/// </summary>
internal static class CmdletHostsFile
{
    /// <summary>The DNS client cache flush, run after a change where the command exists (Windows).</summary>
    public const string FlushCommand = @"DnsClient\Clear-DnsClientCache";

    /// <summary>
    /// Plans and (unless <paramref name="whatIf"/> or declined) writes the block; warnings go to <paramref name="warn"/>.
    /// Null when the user declined -Confirm.
    /// </summary>
    /// <exception cref="HostsFileException">See <see cref="HostsFileSync"/>.</exception>
    public static HostsFileResult? Sync(PSCmdlet cmdlet, ProjectConfig config, RecordedAddresses addresses, string path, bool whatIf,
        System.Action<string> warn)
    {
        foreach (var duplicate in addresses.Duplicates) warn(duplicate.Warning);
        if (addresses.WithoutAddressWarning($"the hosts file's block for project '{config.ProjectName}'") is { } missing) warn(missing);

        var lines = ProjectHostsBlock.LinesFor(config.ProjectName, addresses.Unique);
        var file = new LocalHostsFile(path);
        cmdlet.WriteVerbose($"Checking write access to the hosts file '{path}'.");
        var plan = HostsFileSync.Plan(file, config.ProjectName, lines);
        if (!plan.Changes)
        {
            cmdlet.WriteVerbose($"The block of project '{config.ProjectName}' in '{path}' is up to date.");
            return plan.Result(HostsFileStatus.Unchanged);
        }
        if (whatIf)
        {
            cmdlet.ShouldProcess(path, $"Write the block of project '{config.ProjectName}' ({ManagedHostsBlock.AddressLineCount(lines)} address line(s))");
            return plan.Result(HostsFileStatus.WouldUpdate);
        }
        if (!cmdlet.ShouldProcess(path, $"Write the block of project '{config.ProjectName}' ({ManagedHostsBlock.AddressLineCount(lines)} address line(s))")) return null;
        var result = HostsFileSync.Apply(plan);
        cmdlet.WriteVerbose($"Wrote the block of project '{config.ProjectName}' into '{path}'.");
        FlushDnsCache(cmdlet);
        return result;
    }

    /// <summary>The hosts file problem as a PowerShell error (its ErrorId, the file as target, what to do).</summary>
    public static ErrorRecord ToErrorRecord(HostsFileException e)
    {
        var category = e.ErrorId switch
        {
            HostsFileException.AccessDenied => ErrorCategory.PermissionDenied,
            HostsFileException.MarkersUnpaired => ErrorCategory.InvalidData,
            HostsFileException.Unreadable => ErrorCategory.ReadError,
            _ => ErrorCategory.WriteError,
        };
        return new ErrorRecord(e, e.ErrorId, category, e.Path)
        {
            ErrorDetails = new ErrorDetails(e.Message) { RecommendedAction = e.RecommendedAction },
        };
    }

    private static void FlushDnsCache(PSCmdlet cmdlet)
    {
        var exists = cmdlet.InvokeCommand.InvokeScript(
            $"[bool](Get-Command '{FlushCommand}' -ErrorAction Ignore)").FirstOrDefault()?.BaseObject is true;
        if (!exists)
        {
            cmdlet.WriteVerbose($"No {FlushCommand} in this session: the DNS client cache is not flushed.");
            return;
        }
        cmdlet.WriteVerbose($"Flushing the DNS client cache ({FlushCommand}).");
        try
        {
            cmdlet.InvokeCommand.InvokeScript(FlushCommand);
        }
        catch (RuntimeException e)
        {
            cmdlet.WriteWarning($"The hosts file was written, but {FlushCommand} failed ({e.Message}): names may resolve to old addresses until the cache expires.");
        }
    }
}
