using System;
using System.Threading;

namespace Ragnatramp.Hosts;

/// <summary>
/// Raises the thread pool's minimum worker threads while a sync runs, and puts it back after the
/// last concurrent sync ends. SSH.NET finishes a connect on a pool thread and blocks it there for
/// the login's round trips, one per guest at once; with the default minimum (one per CPU) the pool
/// adds threads only slowly, and guests wait for a thread rather than for the network.
/// </summary>
internal sealed class ThreadPoolReserve : IDisposable
{
    private static readonly object Gate = new();
    private static int _holders;
    private static int _wanted;
    private static int _originalWorkers = -1;
    private static int _originalCompletionPorts;
    private bool _disposed;

    private ThreadPoolReserve()
    {
    }

    /// <summary>Keeps at least <paramref name="blockingWorkers"/> pool threads beyond one per CPU until disposed.</summary>
    public static ThreadPoolReserve For(int blockingWorkers)
    {
        lock (Gate)
        {
            if (_holders++ == 0)
            {
                ThreadPool.GetMinThreads(out _originalWorkers, out _originalCompletionPorts);
                _wanted = _originalWorkers;
            }
            var wanted = Environment.ProcessorCount + Math.Max(0, blockingWorkers);
            if (wanted > _wanted)
            {
                _wanted = wanted;
                ThreadPool.SetMinThreads(wanted, _originalCompletionPorts);
            }
        }
        return new ThreadPoolReserve();
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        lock (Gate)
        {
            if (--_holders == 0 && _wanted != _originalWorkers)
            {
                ThreadPool.SetMinThreads(_originalWorkers, _originalCompletionPorts);
                _wanted = _originalWorkers;
            }
        }
    }
}
