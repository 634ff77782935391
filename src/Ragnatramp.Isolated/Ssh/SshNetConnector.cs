using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Ragnatramp.Ssh;
using Renci.SshNet;
using Renci.SshNet.Common;
using Renci.SshNet.Security;
using Renci.SshNet.Security.Cryptography.Ciphers;

namespace Ragnatramp.Isolated.Ssh;

/// <summary>ISshConnector over SSH.NET: key login, a host-key callback, commands with timeouts and standard input.</summary>
public sealed class SshNetConnector : ISshConnector
{
    // One connector serves one sync run: each private key file is read and parsed (a passphrase-
    // protected key runs its key derivation) once for all the guests that use it, not once per guest.
    private readonly ConcurrentDictionary<(string File, string? Passphrase), Lazy<PrivateKeyFile>> _keys = new();

    ISshSession ISshConnector.Connect(SshTarget target, Func<string, byte[], bool> acceptHostKey, CancellationToken cancellation)
    {
        var key = Key(target.KeyFile, target.Passphrase);
        var info = new ConnectionInfo(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, key))
        {
            Timeout = target.ConnectTimeout,
        };
        SshAlgorithmOrder.Apply(info);
        OfferFirst(info, target.PreferredHostKeyAlgorithms);
        var client = new SshClient(info);
        var rejected = false;
        client.HostKeyReceived += (_, e) =>
        {
            e.CanTrust = acceptHostKey(e.HostKeyName, e.HostKey);
            rejected = !e.CanTrust;
        };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            timeout.CancelAfter(target.ConnectTimeout);
            try
            {
                client.ConnectAsync(timeout.Token).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new SshTransportException(SshFailure.Timeout,
                    $"no SSH connection to {target.Host}:{target.Port} within {target.ConnectTimeout.TotalSeconds:0} s");
            }
            return new Session(client);
        }
        catch (SshAuthenticationException ex)
        {
            client.Dispose();
            throw new SshTransportException(SshFailure.Authentication,
                $"{target.Host} refused the key {target.KeyFile} for user '{target.User}' ({ex.Message})", ex);
        }
        catch (SshConnectionException ex) when (rejected)
        {
            client.Dispose();
            throw new SshTransportException(SshFailure.HostKeyRejected, $"the host key of {target.Host} was not trusted", ex);
        }
        catch (SshOperationTimeoutException ex)
        {
            client.Dispose();
            throw new SshTransportException(SshFailure.Timeout,
                $"no SSH connection to {target.Host}:{target.Port} within {target.ConnectTimeout.TotalSeconds:0} s", ex);
        }
        catch (Exception ex) when (ex is SshException || ex is System.Net.Sockets.SocketException || ex is IOException)
        {
            client.Dispose();
            if (rejected)
            {
                throw new SshTransportException(SshFailure.HostKeyRejected, $"the host key of {target.Host} was not trusted", ex);
            }
            throw new SshTransportException(SshFailure.Connection, $"SSH to {target.Host}:{target.Port} failed: {ex.Message}", ex);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    // Moves the pinned key types' algorithms to the front of the list the client sends, in the given
    // order; the server picks the first one it has. The others stay after them: a guest that lost
    // its pinned key type then shows another key, and the host-key check refuses it as a mismatch.
    private static void OfferFirst(ConnectionInfo info, System.Collections.Generic.IReadOnlyList<string>? algorithms)
    {
        if (algorithms == null) return;
        var position = 0;
        foreach (var name in algorithms)
        {
            if (!info.HostKeyAlgorithms.ContainsKey(name)) continue;
            info.HostKeyAlgorithms.SetPosition(name, position++);
        }
    }

    private PrivateKeyFile Key(string keyFile, string? passphrase) =>
        _keys.GetOrAdd((keyFile, passphrase), k => new Lazy<PrivateKeyFile>(() => LoadKey(k.File, k.Passphrase))).Value;

    void ISshConnector.Prepare(IReadOnlyCollection<(string KeyFile, string? Passphrase)> keys)
    {
        try
        {
            var data = new byte[64];
            PrivateKeyFile? first = null;
            foreach (var (keyFile, passphrase) in keys.Distinct())
            {
                try
                {
                    var key = Key(keyFile, passphrase);
                    first ??= key;
                    // The login signs with the key; the host key's signature is checked the same way.
                    foreach (var algorithm in key.HostKeyAlgorithms.OfType<KeyHostAlgorithm>().Take(1))
                    {
                        algorithm.VerifySignature(data, algorithm.Sign(data));
                    }
                }
                catch (SshTransportException)
                {
                    // Reported by Connect, for each guest that uses this key.
                }
            }
            // The key exchange SSH.NET settles on with most guests (X25519, in BouncyCastle), the cipher and
            // the client's set-up, on made-up data: nothing is sent anywhere.
            var secret = new byte[Org.BouncyCastle.Math.EC.Rfc7748.X25519.ScalarSize];
            var point = new byte[Org.BouncyCastle.Math.EC.Rfc7748.X25519.PointSize];
            secret[0] = 1;
            Org.BouncyCastle.Math.EC.Rfc7748.X25519.ScalarMultBase(secret, 0, point, 0);
            new AesCipher(new byte[16], new byte[16], AesCipherMode.CTR, pkcs7Padding: false).Encrypt(data);
            if (first != null)
            {
                var info = new ConnectionInfo("127.0.0.1", 22, "ragnatramp", new PrivateKeyAuthenticationMethod("ragnatramp", first));
                SshAlgorithmOrder.Apply(info);
                using var client = new SshClient(info);
            }
        }
        catch (Exception ex) when (!(ex is OutOfMemoryException))
        {
            // Only a head start: whatever fails here fails (and is reported) at the real login.
        }
    }

    private static PrivateKeyFile LoadKey(string keyFile, string? passphrase)
    {
        if (!File.Exists(keyFile))
        {
            throw new SshTransportException(SshFailure.KeyFile, $"the private key file {keyFile} does not exist");
        }
        try
        {
            return string.IsNullOrEmpty(passphrase)
                ? new PrivateKeyFile(keyFile)
                : new PrivateKeyFile(keyFile, passphrase);
        }
        catch (SshPassPhraseNullOrEmptyException ex)
        {
            throw new SshTransportException(SshFailure.KeyFile,
                $"the private key {keyFile} is protected by a passphrase: pass it with -Credential (the password is the passphrase)", ex);
        }
        catch (Exception ex) when (ex is SshException || ex is IOException || ex is UnauthorizedAccessException
                                   || ex is ArgumentException || ex is InvalidOperationException || ex is NotSupportedException)
        {
            throw new SshTransportException(SshFailure.KeyFile,
                $"the private key {keyFile} cannot be used ({ex.Message}); a wrong passphrase gives this too", ex);
        }
    }

    private sealed class Session : ISshSession
    {
        private readonly SshClient _client;

        public Session(SshClient client)
        {
            _client = client;
            var info = client.ConnectionInfo;
            Algorithms = $"kex {info.CurrentKeyExchangeAlgorithm}, host key {info.CurrentHostKeyAlgorithm}, " +
                         $"cipher {info.CurrentServerEncryption}, MAC {info.CurrentServerHmacAlgorithm}";
        }

        public string Algorithms { get; }

        public SshCommandResult Converse(string command, Func<Stream, byte[]> answer, TimeSpan timeout, CancellationToken cancellation)
        {
            using var cmd = _client.CreateCommand(command);
            cmd.CommandTimeout = timeout;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(timeout);
            Task? sending = null;
            try
            {
                var execution = cmd.ExecuteAsync(limit.Token);
                // The output stream ends when the command does (or is stopped by the timeout or Ctrl+C),
                // so reading it here never outlives the wait below.
                var input = answer(cmd.OutputStream);
                // Sent beside the wait, not before it: a guest that reads slowly (or not at all) fills the
                // channel window and blocks the writer, and Ctrl+C or the timeout must still end the wait.
                sending = Task.Run(() => SendInput(cmd, input));
                execution.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                throw new SshTransportException(SshFailure.Timeout, $"the command did not finish within {timeout.TotalSeconds:0} s");
            }
            catch (SshOperationTimeoutException ex)
            {
                throw new SshTransportException(SshFailure.Timeout, $"the command did not finish within {timeout.TotalSeconds:0} s", ex);
            }
            catch (SshException ex)
            {
                throw new SshTransportException(SshFailure.Connection, $"the SSH connection failed during a command: {ex.Message}", ex);
            }
            finally
            {
                // The channel is closed once the command ended or was cancelled, which ends a blocked write.
                sending?.Wait(TimeSpan.FromSeconds(1));
            }
            using var output = new MemoryStream();
            cmd.OutputStream.CopyTo(output);
            return new SshCommandResult(cmd.ExitStatus, output.ToArray(), cmd.Error ?? "");
        }

        // Standard input is closed after the content, so the command sees its end. A command may
        // finish (or fail) before reading it all: then the stream is gone and its exit status tells.
        private static void SendInput(SshCommand cmd, byte[] input)
        {
            try
            {
                using var stdin = cmd.CreateInputStream();
                if (input.Length > 0)
                {
                    stdin.Write(input, 0, input.Length);
                }
            }
            catch (Exception ex) when (ex is InvalidOperationException || ex is SshException || ex is IOException || ex is ObjectDisposedException)
            {
                // Finished already: its exit status is what counts (a guest-side step that needed the
                // content checks it arrived whole, so a cut-off input can never be written).
            }
        }

        public void Dispose()
        {
            try
            {
                if (_client.IsConnected) _client.Disconnect();
            }
            catch (Exception ex) when (ex is SshException || ex is IOException || ex is ObjectDisposedException)
            {
                // The session is over either way.
            }
            _client.Dispose();
        }
    }
}
