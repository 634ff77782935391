using System.Text;
using System.Text.RegularExpressions;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

/// <summary>An in-memory guest: its /etc/hosts, host key, sudo rights and cloud-init files, behind the real command lines.</summary>
internal sealed class FakeGuest
{
    public byte[] Hosts { get; set; } = Encoding.ASCII.GetBytes("127.0.0.1 localhost\n");
    public string HostKeyAlgorithm { get; set; } = "ssh-ed25519";
    public byte[] HostKey { get; set; } = KeyBlob("ssh-ed25519");
    /// <summary>Further host keys the guest's sshd has, shown when the client offers only their algorithms.</summary>
    public List<(string Algorithm, byte[] Key)> OtherHostKeys { get; } = new();
    public bool SudoAllowed { get; set; } = true;
    public bool ReadOnly { get; set; }
    public string CloudInitFiles { get; set; } = "";
    /// <summary>What the login shell prints before every command (an rc file that echoes).</summary>
    public string LoginNoise { get; set; } = "";
    /// <summary>Runs once, after the first read: another writer edits the file between read and write.</summary>
    public Action<FakeGuest>? AfterFirstRead { get; set; }
    public int Reads;
    public int Writes;
    public int Sessions;

    /// <summary>A random key blob of this type (SSH wire format: the type name, then key bytes).</summary>
    public static byte[] KeyBlob(string type)
    {
        var name = Encoding.ASCII.GetBytes(type);
        return new byte[] { 0, 0, 0, (byte)name.Length }.Concat(name).Concat(Guid.NewGuid().ToByteArray()).ToArray();
    }
}

internal sealed class FakeConnector : ISshConnector
{
    private readonly Dictionary<string, FakeGuest> _guests;
    private int _open;

    public FakeConnector(Dictionary<string, FakeGuest> guests) => _guests = guests;

    public int Connects;
    public SshTarget? LastTarget;
    public int MaxConcurrent;
    public Func<CancellationToken, bool>? Hold { get; set; }

    public ISshSession Connect(SshTarget target, Func<string, byte[], bool> acceptHostKey, CancellationToken cancellation)
    {
        Interlocked.Increment(ref Connects);
        LastTarget = target;
        var guest = _guests[target.Host];
        // Like sshd's negotiation: the client's first offered algorithm the guest has a key for; the
        // client offers the preferred ones first, then every other (the guest's first key stands for those).
        var keys = new[] { (Algorithm: guest.HostKeyAlgorithm, Key: guest.HostKey) }.Concat(guest.OtherHostKeys).ToList();
        var preferred = (target.PreferredHostKeyAlgorithms ?? Array.Empty<string>())
            .Select(a => keys.FirstOrDefault(k => k.Algorithm == a)).FirstOrDefault(k => k.Key != null);
        var shown = preferred.Key != null ? preferred : keys[0];
        if (!acceptHostKey(shown.Algorithm, shown.Key))
        {
            throw new SshTransportException(SshFailure.HostKeyRejected, "rejected");
        }
        var open = Interlocked.Increment(ref _open);
        lock (this) MaxConcurrent = Math.Max(MaxConcurrent, open);
        Hold?.Invoke(cancellation);
        Interlocked.Increment(ref guest.Sessions);
        return new FakeSession(guest, () => Interlocked.Decrement(ref _open));
    }
}

internal sealed class FakeSession : ISshSession
{
    private static readonly Regex WriteArgs = new("' ragnatramp-hosts write /etc/hosts '([^']+)' '([^']+)'$");
    private readonly FakeGuest _guest;
    private readonly Action _closed;

    public FakeSession(FakeGuest guest, Action closed)
    {
        _guest = guest;
        _closed = closed;
    }

    public SshCommandResult Run(string command, byte[]? input, TimeSpan timeout, CancellationToken cancellation)
    {
        var result = RunCommand(command, input, cancellation);
        var noise = Encoding.UTF8.GetBytes(_guest.LoginNoise);
        return new SshCommandResult(result.ExitStatus, noise.Concat(result.Output).ToArray(), result.Error);
    }

    // What the command itself prints; the frame is printed by the command line, before sudo runs.
    private SshCommandResult RunCommand(string command, byte[]? input, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        var frame = Encoding.ASCII.GetBytes(GuestHostsFile.Frame);
        lock (_guest)
        {
            if (command == GuestHostsFile.CloudInitCommand)
            {
                return new SshCommandResult(0, frame.Concat(Encoding.UTF8.GetBytes(_guest.CloudInitFiles)).ToArray(), "");
            }
            var framed = command == GuestHostsFile.ReadCommand ? frame : Array.Empty<byte>();
            if (!_guest.SudoAllowed)
            {
                return new SshCommandResult(1, framed, "sudo: a password is required\n");
            }
            if (command == GuestHostsFile.ReadCommand)
            {
                var content = _guest.Hosts;
                if (_guest.Reads++ == 0) _guest.AfterFirstRead?.Invoke(_guest);
                return new SshCommandResult(0, frame.Concat(content).ToArray(), "");
            }
            var match = WriteArgs.Match(command);
            Assert.True(match.Success, "unexpected command: " + command);
            Assert.StartsWith("LC_ALL=C sudo -n sh -c '", command);
            if (GuestDigest.Of(_guest.Hosts) != match.Groups[2].Value) return new SshCommandResult(13, Array.Empty<byte>(), "");
            if (GuestDigest.Of(input!) != match.Groups[1].Value) return new SshCommandResult(12, Array.Empty<byte>(), "");
            if (_guest.ReadOnly) return new SshCommandResult(10, Array.Empty<byte>(), "cp: cannot create regular file '/etc/hosts.ragnatramp.1': Read-only file system");
            _guest.Hosts = input!;
            _guest.Writes++;
            return new SshCommandResult(0, Array.Empty<byte>(), "");
        }
    }

    public void Dispose() => _closed();
}

internal sealed class MemoryHostKeyStore : IHostKeyStore
{
    public readonly Dictionary<Guid, List<PinnedHostKey>> Keys = new();
    public readonly Dictionary<Guid, List<LegacyPin>> Disputed = new();

    public string Location => "/memory/known_hosts";

    public PinnedHostKey? Single(Guid vmId)
    {
        lock (Keys) return Keys.TryGetValue(vmId, out var keys) ? keys.Single() : null;
    }

    public VmPins Find(Guid vmId)
    {
        lock (Keys)
        {
            if (Disputed.TryGetValue(vmId, out var disputed)) return new VmPins(Array.Empty<PinnedHostKey>(), disputed);
            return new VmPins(Keys.TryGetValue(vmId, out var keys) ? keys.ToList() : new List<PinnedHostKey>());
        }
    }

    public IReadOnlyList<PinnedHostKey> Pin(Guid vmId, string vmName, PinnedHostKey key)
    {
        lock (Keys)
        {
            if (Keys.TryGetValue(vmId, out var before)) return before.ToList();
            Keys[vmId] = new List<PinnedHostKey> { key };
            return Array.Empty<PinnedHostKey>();
        }
    }

    public void Replace(Guid vmId, string vmName, PinnedHostKey key)
    {
        lock (Keys)
        {
            Keys[vmId] = new List<PinnedHostKey> { key };
            Disputed.Remove(vmId);
        }
    }
}
