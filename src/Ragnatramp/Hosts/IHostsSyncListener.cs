namespace Ragnatramp.Hosts;

/// <summary>
/// What the sync tells its caller while it works. Called from worker threads: a cmdlet queues these
/// and writes them from its pipeline thread.
/// </summary>
internal interface IHostsSyncListener
{
    void Verbose(string message);
    void GuestStarted(string name, int started, int total);
    void GuestFinished(HostsSyncOutcome outcome, int finished, int total);
}
