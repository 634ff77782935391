namespace Ragnatramp.Config;

/// <summary>An SSH login for a guest: user, private key file (absolute, expanded) and port. Parts may be unset.</summary>
internal sealed class SshLogin
{
    public const int DefaultPort = 22;
    public static readonly SshLogin None = new(null, null);

    public SshLogin(string? user, string? keyFile, int? port = null)
    {
        User = user;
        KeyFile = keyFile;
        Port = port;
    }

    public string? User { get; }
    public string? KeyFile { get; }
    /// <summary>The guest's SSH port; null = the default, 22.</summary>
    public int? Port { get; }

    /// <summary>This login's parts where set, the fallback's elsewhere.</summary>
    public SshLogin Over(SshLogin fallback) => new(User ?? fallback.User, KeyFile ?? fallback.KeyFile, Port ?? fallback.Port);
}
