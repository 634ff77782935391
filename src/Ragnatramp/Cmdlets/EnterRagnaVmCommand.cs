using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Management.Automation;
using Ragnatramp.Config;
using Ragnatramp.Publish;
using Ragnatramp.Ssh;
using Ragnatramp.State;

namespace Ragnatramp.Cmdlets;

/// <summary>
/// Enter-RagnaVm: runs the system's OpenSSH client in the current console against one machine, with the
/// login and the pinned host key of Get-RagnaSshConfig. With -Command it runs that and sets $LASTEXITCODE.
/// </summary>
[Cmdlet(VerbsCommon.Enter, "RagnaVm")]
[OutputType(typeof(void))]
public sealed class EnterRagnaVmCommand : RagnaCmdlet
{
    public const string SshNotFoundErrorId = "SshClientNotFound";
    public const string NoAddressErrorId = "NoRecordedAddress";
    public const string NoPinErrorId = "NoPinnedHostKey";

    /// <summary>The machine to log in to.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.MachineNameCompleter))]
    public string MachineName { get; set; } = "";

    /// <summary>The config file or its folder (default: ragnatramp.yaml in the current location).</summary>
    [Parameter(Position = 1)]
    public string? Path { get; set; }

    /// <summary>One command to run on the guest instead of an interactive shell.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Command { get; set; }

    protected override void EndProcessing()
    {
        var config = ProjectConfigLoading.Load(this, Path);
        var machine = config.Machines.FirstOrDefault(m => string.Equals(m.Name, MachineName, StringComparison.OrdinalIgnoreCase));
        if (machine == null)
        {
            ThrowTerminatingError(MachineSelection.NotFound(MachineName, config));
            return;
        }
        var state = ProjectStateReading.Read(this, StateStore.ForConfig(config.ConfigPath));
        var address = RecordedAddresses.Of(config, state).All.FirstOrDefault(a => a.Machine == machine);
        if (address == null)
        {
            Fail(NoAddressErrorId, ErrorCategory.ObjectNotFound,
                $"No IPv4 is recorded for machine '{machine.Name}' ({machine.VmName}) in {StateStore.StatePathFor(config.ConfigPath)}: it is not running, or not reconciled since it started.",
                "Start the VM, then run Invoke-RagnaReconcile, and try again.");
            return;
        }
        var store = KnownHostsStore.ForCurrentUser();
        bool pinned;
        try
        {
            pinned = store.Find(address.VmId).Count > 0;
        }
        catch (Exception e) when (e is KnownHostsException || e is IOException || e is UnauthorizedAccessException)
        {
            Fail(NoPinErrorId, ErrorCategory.ReadError, $"Cannot read the pin store {store.FilePath}: {e.Message}",
                "Fix or restore the pin store, then run Invoke-RagnaReconcile.");
            return;
        }
        if (!pinned)
        {
            Fail(NoPinErrorId, ErrorCategory.SecurityError,
                $"No host key of '{machine.Name}' ({address.VmName}) is pinned in {store.FilePath}: ssh would have nothing to check it against.",
                "Run Invoke-RagnaReconcile first: it pins each guest's host key on first contact.");
            return;
        }
        var windows = CmdletSshConfig.IsWindows;
        var ssh = OpenSshClient.Find(Environment.GetEnvironmentVariable("PATH"), windows);
        if (ssh == null)
        {
            Fail(SshNotFoundErrorId, ErrorCategory.ObjectNotFound, "The OpenSSH client (ssh) is not on PATH.",
                windows
                    ? "Install the 'OpenSSH Client' optional feature (Settings > Apps > Optional features, or Add-WindowsCapability -Online -Name OpenSSH.Client~~~~0.0.1.0)."
                    : "Install the OpenSSH client (e.g. apt install openssh-client).");
            return;
        }

        var host = SshHostConfigs.For(config.ProjectName, address, store.FilePath);
        var arguments = OpenSshClient.Arguments(host, Command, windows);
        WriteVerbose($"Running {ssh} {CommandLine.Join(arguments)}");
        // The person gets the real console: no redirection, so ssh reads and writes the terminal itself.
        var start = new ProcessStartInfo(ssh, CommandLine.Join(arguments)) { UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.WaitForExit();
        SessionState.PSVariable.Set("global:LASTEXITCODE", process.ExitCode);
    }

    private void Fail(string errorId, ErrorCategory category, string message, string action) =>
        ThrowTerminatingError(new ErrorRecord(new InvalidOperationException(message), errorId, category, MachineName)
        {
            ErrorDetails = new ErrorDetails(message) { RecommendedAction = action },
        });
}
