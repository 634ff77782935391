using System.Text;
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
    /// <summary>Commands run on this guest (one per exec channel).</summary>
    public int Commands;

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
    /// <summary>Addresses whose SSH port refuses connections.</summary>
    public ISet<string> Refused { get; set; } = new HashSet<string>();

    /// <summary>The keys each <see cref="Prepare"/> was given.</summary>
    public readonly List<IReadOnlyCollection<(string KeyFile, string? Passphrase)>> Prepared = new();

    public void Prepare(IReadOnlyCollection<(string KeyFile, string? Passphrase)> keys)
    {
        lock (Prepared) Prepared.Add(keys);
    }

    public ISshSession Connect(SshTarget target, Func<string, byte[], bool> acceptHostKey, CancellationToken cancellation)
    {
        Interlocked.Increment(ref Connects);
        LastTarget = target;
        if (Refused.Contains(target.Host)) throw new SshTransportException(SshFailure.Connection, $"SSH to {target.Host}:{target.Port} failed: Connection refused");
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
    private readonly FakeGuest _guest;
    private readonly Action _closed;

    public FakeSession(FakeGuest guest, Action closed)
    {
        _guest = guest;
        _closed = closed;
    }

    public string Algorithms => "kex fake, host key " + _guest.HostKeyAlgorithm;

    // GuestHostsFile.ExchangeCommand as the guest runs it: the frame and the cloud-init list from the
    // login shell, then (with sudo) the header and the file; the answer decides whether the write runs,
    // checked as the script checks it (the file still as read, the new content whole).
    public SshCommandResult Converse(string command, Func<Stream, byte[]> answer, TimeSpan timeout, CancellationToken cancellation)
    {
        Interlocked.Increment(ref _guest.Commands);
        cancellation.ThrowIfCancellationRequested();
        Assert.Equal(GuestHostsFile.ExchangeCommand, command);
        Assert.Contains("' ragnatramp-hosts exchange /etc/hosts '", command);
        var output = new MemoryStream();
        void Print(byte[] bytes) => output.Write(bytes, 0, bytes.Length);
        Print(Encoding.UTF8.GetBytes(_guest.LoginNoise));
        Print(Encoding.ASCII.GetBytes(GuestHostsFile.Frame + _guest.CloudInitFiles));
        byte[] read;
        lock (_guest)
        {
            if (!_guest.SudoAllowed)
            {
                answer(new MemoryStream(output.ToArray()));
                return new SshCommandResult(1, Array.Empty<byte>(), "sudo: a password is required\n");
            }
            read = _guest.Hosts;
            if (_guest.Reads++ == 0) _guest.AfterFirstRead?.Invoke(_guest);
        }
        Print(Encoding.ASCII.GetBytes(GuestHostsFile.HostsHeader + read.Length + "\n"));
        Print(read);
        var reply = Encoding.Latin1.GetString(answer(new MemoryStream(output.ToArray())));
        var lines = reply.Split('\n', 4);
        if (lines[0] != "write") return new SshCommandResult(0, Array.Empty<byte>(), "");
        var input = Encoding.Latin1.GetBytes(lines[3]);
        lock (_guest)
        {
            if (GuestDigest.Of(_guest.Hosts) != lines[2]) return new SshCommandResult(13, Array.Empty<byte>(), "");
            if (GuestDigest.Of(input) != lines[1]) return new SshCommandResult(12, Array.Empty<byte>(), "");
            if (_guest.ReadOnly) return new SshCommandResult(10, Array.Empty<byte>(), "cp: cannot create regular file '/etc/hosts.ragnatramp.1': Read-only file system");
            _guest.Hosts = input;
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
