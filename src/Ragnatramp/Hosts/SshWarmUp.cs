using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Ragnatramp.Ssh;

namespace Ragnatramp.Hosts;

/// <summary>
/// The SSH connector made ready on a background thread while the caller does other work (a
/// reconcile waits on Hyper-V and DHCP before its first login): the SSH library loaded, the private
/// keys parsed and a login's code run once on made-up data (<see cref="ISshConnector.Prepare"/>).
/// A process that starts cold (Task Scheduler) then logs in to its guests without first waiting for
/// that. Nothing is sent to any guest.
/// </summary>
internal sealed class SshWarmUp
{
    private readonly Task<ISshConnector> _connector;

    private SshWarmUp(Task<ISshConnector> connector)
    {
        _connector = connector;
    }

    /// <summary>Starts getting a connector ready for logins with these keys (the same key once).</summary>
    public static SshWarmUp Start(IEnumerable<(string KeyFile, string? Passphrase)> keys)
    {
        var distinct = keys.Where(k => !string.IsNullOrEmpty(k.KeyFile)).Distinct().ToList();
        return new SshWarmUp(Task.Run(() =>
        {
            var connector = HostsSyncEngine.IsolatedConnector();
            connector.Prepare(distinct);
            return connector;
        }));
    }

    /// <summary>The connector, once ready (waits for the rest of the warm-up; rethrows why the SSH library could not load).</summary>
    public ISshConnector Connector() => _connector.GetAwaiter().GetResult();
}
