using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Ragnatramp.Ssh;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Ragnatramp.Isolated.Ssh;

/// <summary>ISshConnector over SSH.NET: key login, a host-key callback, commands with timeouts and standard input.</summary>
public sealed class SshNetConnector : ISshConnector
{
    ISshSession ISshConnector.Connect(SshTarget target, Func<string, byte[], bool> acceptHostKey, CancellationToken cancellation)
    {
        var key = LoadKey(target);
        var info = new ConnectionInfo(target.Host, target.Port, target.User, new PrivateKeyAuthenticationMethod(target.User, key))
        {
            Timeout = target.ConnectTimeout,
        };
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

    private static PrivateKeyFile LoadKey(SshTarget target)
    {
        if (!File.Exists(target.KeyFile))
        {
            throw new SshTransportException(SshFailure.KeyFile, $"the private key file {target.KeyFile} does not exist");
        }
        try
        {
            return string.IsNullOrEmpty(target.Passphrase)
                ? new PrivateKeyFile(target.KeyFile)
                : new PrivateKeyFile(target.KeyFile, target.Passphrase);
        }
        catch (SshPassPhraseNullOrEmptyException ex)
        {
            throw new SshTransportException(SshFailure.KeyFile,
                $"the private key {target.KeyFile} is protected by a passphrase: pass it with -Credential (the password is the passphrase)", ex);
        }
        catch (Exception ex) when (ex is SshException || ex is IOException || ex is UnauthorizedAccessException
                                   || ex is ArgumentException || ex is InvalidOperationException || ex is NotSupportedException)
        {
            throw new SshTransportException(SshFailure.KeyFile,
                $"the private key {target.KeyFile} cannot be used ({ex.Message}); a wrong passphrase gives this too", ex);
        }
    }

    private sealed class Session : ISshSession
    {
        private readonly SshClient _client;

        public Session(SshClient client)
        {
            _client = client;
        }

        public SshCommandResult Run(string command, byte[]? input, TimeSpan timeout, CancellationToken cancellation)
        {
            using var cmd = _client.CreateCommand(command);
            cmd.CommandTimeout = timeout;
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            limit.CancelAfter(timeout);
            try
            {
                var execution = cmd.ExecuteAsync(limit.Token);
                SendInput(cmd, input);
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
            using var output = new MemoryStream();
            cmd.OutputStream.CopyTo(output);
            return new SshCommandResult(cmd.ExitStatus, output.ToArray(), cmd.Error ?? "");
        }

        // Always closes standard input, so a command that reads it never waits for more. A command
        // that does not read it (sudo cat, grep) can finish before the stream is opened: SSH.NET then
        // refuses the stream ("can be used only during execution"), and its exit status says the rest.
        private static void SendInput(SshCommand cmd, byte[]? input)
        {
            Stream stdin;
            try
            {
                stdin = cmd.CreateInputStream();
            }
            catch (InvalidOperationException)
            {
                return;
            }
            using (stdin)
            {
                if (input != null && input.Length > 0)
                {
                    stdin.Write(input, 0, input.Length);
                }
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
