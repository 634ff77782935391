namespace Ragnatramp.Config;

/// <summary>One ssh block as one layer gives it (a file's defaults or a machine); each field may be absent.</summary>
internal sealed class SshSettings
{
    public static readonly SshSettings None = new(null, null, null);

    public SshSettings(Setting<string>? user, Setting<string>? keyFile, Setting<int>? port)
    {
        User = user;
        KeyFile = keyFile;
        Port = port;
    }

    public Setting<string>? User { get; }
    /// <summary>The private key, already expanded to an absolute path.</summary>
    public Setting<string>? KeyFile { get; }
    public Setting<int>? Port { get; }
}
