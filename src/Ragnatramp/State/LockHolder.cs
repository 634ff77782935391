using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Ragnatramp.State;

/// <summary>
/// Who holds a state lock: written into the lock file so that a waiting process can name the holder
/// and tell a lock left by a dead process from a live one.
/// </summary>
internal sealed class LockHolder
{
    public LockHolder(int processId, string host, DateTime since, DateTime? processStartedAt, string token)
    {
        ProcessId = processId;
        Host = host;
        Since = since;
        ProcessStartedAt = processStartedAt;
        Token = token;
    }

    public int ProcessId { get; }
    public string Host { get; }
    public DateTime Since { get; }
    /// <summary>When the holder process started: tells a reused process id from the holder.</summary>
    public DateTime? ProcessStartedAt { get; }
    /// <summary>Unique per acquisition, so a holder only ever removes its own lock.</summary>
    public string Token { get; }

    public static LockHolder ForCurrentProcess()
    {
        using var self = Process.GetCurrentProcess();
        return new LockHolder(self.Id, Environment.MachineName, DateTime.UtcNow, StartTimeOf(self), Guid.NewGuid().ToString("N"));
    }

    public string ToJson() => NodeJson.Stringify(new JsonObject
    {
        ["pid"] = ProcessId,
        ["host"] = Host,
        ["since"] = NodeJson.IsoTimestamp(Since),
        ["processStartedAt"] = ProcessStartedAt.HasValue ? NodeJson.IsoTimestamp(ProcessStartedAt.Value) : null,
        ["token"] = Token,
    });

    /// <summary>The holder recorded in a lock file's text; null while it is still being written or if it is garbage.</summary>
    public static LockHolder? TryParse(string text)
    {
        try
        {
            if (NodeJson.Parse(text) is not JsonObject obj) return null;
            if (obj["pid"] is not JsonValue pid || !pid.TryGetValue<double>(out var id)) return null;
            var since = NodeJson.ParseTimestamp(StateDocument.GetString(obj, "since"));
            var token = StateDocument.GetString(obj, "token");
            if (since == null || token == null) return null;
            return new LockHolder((int)id, StateDocument.GetString(obj, "host") ?? "", since.Value,
                NodeJson.ParseTimestamp(StateDocument.GetString(obj, "processStartedAt")), token);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>True when the holder is on this machine and its process is gone (or its id now belongs to another process).</summary>
    public bool IsDeadProcessOnThisHost() => IsDeadProcessOnThisHost(LocalProcess.Open);

    /// <param name="open">Opens a process of this machine by id; throws ArgumentException when there is none (as Process.GetProcessById).</param>
    internal bool IsDeadProcessOnThisHost(Func<int, ILocalProcess> open)
    {
        if (!string.Equals(Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase)) return false;
        try
        {
            using var process = open(ProcessId);
            if (process.HasExited) return true;
            var started = process.StartedAt;
            // Start times are recorded to the millisecond; allow for rounding.
            return started.HasValue && ProcessStartedAt.HasValue && Math.Abs((started.Value - ProcessStartedAt.Value).TotalSeconds) > 1;
        }
        catch (ArgumentException)
        {
            return true;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
        catch (Win32Exception)
        {
            // Windows would not let us open the process (a protected or higher-integrity one, e.g. a
            // SYSTEM task holding the lock, or a reused id): we cannot tell, so it counts as alive and
            // a real stale lock ends in the timeout error that names it.
            return false;
        }
    }

    private static DateTime? StartTimeOf(Process process)
    {
        try
        {
            return process.StartTime.ToUniversalTime();
        }
        catch (Exception)
        {
            // Access denied to another user's process: we cannot tell, so treat it as alive.
            return null;
        }
    }

    public override string ToString() => $"process {ProcessId} on {Host} since {NodeJson.IsoTimestamp(Since)}";

    private sealed class LocalProcess : ILocalProcess
    {
        private readonly Process _process;

        private LocalProcess(Process process) => _process = process;

        public static ILocalProcess Open(int processId) => new LocalProcess(Process.GetProcessById(processId));

        public bool HasExited => _process.HasExited;
        public DateTime? StartedAt => StartTimeOf(_process);
        public void Dispose() => _process.Dispose();
    }
}
