namespace Ragnatramp.Discovery;

/// <summary>
/// What one TCP connect to a guest's port found (<see cref="ReachabilityProbe.Connect"/>). The two
/// questions callers ask read it differently, and that is the whole rule for "connection refused":
/// a refused connection means a live host sent the reset, so the <em>host</em> answers
/// (<see cref="HostAnswers"/>: which address of a VM is live, discovery's question) while the
/// <em>port</em> is closed (<see cref="Accepted"/> is false: can we log in, the hosts sync's question).
/// </summary>
internal sealed class TcpConnect
{
    internal static readonly TcpConnect Open = new(accepted: true, refused: false, problem: null);
    internal static readonly TcpConnect Refused = new(accepted: false, refused: true, problem: "connection refused: is sshd running?");

    private TcpConnect(bool accepted, bool refused, string? problem)
    {
        Accepted = accepted;
        WasRefused = refused;
        Problem = problem;
    }

    /// <summary>The port accepted the connection.</summary>
    public bool Accepted { get; }

    /// <summary>The host answered with a reset: it is there, nothing listens on the port.</summary>
    public bool WasRefused { get; }

    /// <summary>Something lives at the address: the port accepted or refused the connection.</summary>
    public bool HostAnswers => Accepted || WasRefused;

    /// <summary>Why the port did not accept, in words for a result's Reason; null when it did.</summary>
    public string? Problem { get; }

    internal static TcpConnect Failed(string problem) => new(accepted: false, refused: false, problem: problem);
}
