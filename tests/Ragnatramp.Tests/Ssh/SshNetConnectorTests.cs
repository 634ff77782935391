using System.Diagnostics;
using Ragnatramp.Isolated.Ssh;
using Ragnatramp.Ssh;

namespace Ragnatramp.Tests.Ssh;

/// <summary>The SSH.NET connector's preparation (a cold process's head start): no network, no exception, the same failures at login.</summary>
public class SshNetConnectorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("rt-connector-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    private string NewKey()
    {
        var path = Path.Combine(_dir, "id_ed25519");
        var start = new ProcessStartInfo("ssh-keygen") { UseShellExecute = false, RedirectStandardOutput = true };
        foreach (var arg in new[] { "-q", "-t", "ed25519", "-N", "", "-f", path }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }

    [Fact]
    public void Prepare_never_throws_and_a_key_that_cannot_be_used_still_fails_its_login_as_a_key_file_problem()
    {
        if (!OperatingSystem.IsLinux()) return;
        var key = NewKey();
        var missing = Path.Combine(_dir, "missing");
        var junk = Path.Combine(_dir, "junk");
        File.WriteAllText(junk, "not a key\n");
        ISshConnector connector = new SshNetConnector();

        connector.Prepare(new[] { (key, (string?)null), (missing, null), (junk, null), (key, null) });

        // Port 1 on loopback: nothing listens, so the prepared key gets as far as the connection.
        SshTransportException Login(string file) => Assert.Throws<SshTransportException>(() =>
            connector.Connect(new SshTarget("127.0.0.1", 1, "nobody", file, null, TimeSpan.FromSeconds(5)), (_, _) => false, CancellationToken.None));
        Assert.Equal(SshFailure.KeyFile, Login(missing).Failure);
        Assert.Contains("does not exist", Login(missing).Message);
        Assert.Equal(SshFailure.KeyFile, Login(junk).Failure);
        Assert.Equal(SshFailure.Connection, Login(key).Failure);
    }
}
