using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Ragnatramp.Files;

namespace Ragnatramp.Ssh;

/// <summary>
/// The one per-user pin store: an OpenSSH known_hosts file with one line per VM and key type,
/// <c>ragnatramp-&lt;vm id&gt; &lt;key type&gt; &lt;base64 key&gt; &lt;vm name&gt;</c>, so that
/// <c>ssh -o HostKeyAlias=ragnatramp-&lt;vm id&gt; -o UserKnownHostsFile=&lt;store&gt; -o StrictHostKeyChecking=yes</c>
/// checks the same pins. Every cmdlet and path uses it (<see cref="DefaultPath()"/>). Reads parse the
/// whole file and fail closed on a line that does not parse; every change is a read-modify-write
/// under a cross-process lock (<c>known_hosts.lock</c> beside it), written atomically, and keeps
/// every other line (comments, other hosts) byte for byte.
/// </summary>
internal sealed class KnownHostsStore
{
    /// <summary>The environment variable that overrides where the store is.</summary>
    public const string PathVariable = "RAGNATRAMP_KNOWN_HOSTS";

    /// <summary>What the host names of the store start with: <c>ragnatramp-&lt;vm id&gt;</c>.</summary>
    public const string AliasPrefix = "ragnatramp-";

    private readonly LockedJsonFile _file;

    public KnownHostsStore(string path, TimeSpan? lockTimeout = null)
    {
        _file = new LockedJsonFile(path, lockTimeout);
    }

    /// <summary>The store's full path.</summary>
    public string FilePath => _file.FilePath;

    /// <summary>The store every command uses: <see cref="DefaultPath()"/>.</summary>
    public static KnownHostsStore ForCurrentUser() => new(DefaultPath());

    /// <summary>
    /// Where the store is: <c>$env:RAGNATRAMP_KNOWN_HOSTS</c> when set; else <c>%LOCALAPPDATA%\Ragnatramp\known_hosts</c>
    /// on Windows, <c>$XDG_DATA_HOME/ragnatramp/known_hosts</c> (default <c>~/.local/share/…</c>) elsewhere.
    /// </summary>
    public static string DefaultPath() => DefaultPath(
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>As <see cref="DefaultPath()"/>, with the platform, environment and home given (pure, for tests).</summary>
    public static string DefaultPath(bool windows, Func<string, string?> env, string home)
    {
        var overridden = env(PathVariable);
        if (!string.IsNullOrWhiteSpace(overridden)) return Path.GetFullPath(overridden!);
        return Path.Combine(DataFolder(windows, env, home), "known_hosts");
    }

    /// <summary>
    /// Ragnatramp's per-user data folder: <c>%LOCALAPPDATA%\Ragnatramp</c> on Windows,
    /// <c>$XDG_DATA_HOME/ragnatramp</c> (default <c>~/.local/share/ragnatramp</c>) elsewhere.
    /// </summary>
    public static string DataFolder(bool windows, Func<string, string?> env, string home)
    {
        if (windows)
        {
            var local = env("LOCALAPPDATA");
            if (string.IsNullOrEmpty(local)) local = Path.Combine(home, "AppData", "Local");
            return Path.Combine(local!, "Ragnatramp");
        }
        var xdg = env("XDG_DATA_HOME");
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        var dataHome = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg! : Path.Combine(home, ".local", "share");
        return Path.Combine(dataHome, "ragnatramp");
    }

    /// <summary>The host name a VM's pins are kept under (and the HostKeyAlias for OpenSSH): <c>ragnatramp-&lt;vm id&gt;</c>.</summary>
    public static string AliasFor(Guid vmId) => AliasPrefix + vmId.ToString("D");

    /// <summary>Every pin in the store, in file order.</summary>
    /// <exception cref="KnownHostsException">A line does not parse (the message names file and line).</exception>
    /// <exception cref="IOException">The store exists but cannot be read.</exception>
    public IReadOnlyList<KnownHostsEntry> Read() => Parse(_file.Read()).Entries;

    /// <summary>The keys pinned for a VM (empty when none).</summary>
    /// <exception cref="KnownHostsException">A line of the store does not parse.</exception>
    /// <exception cref="IOException">The store exists but cannot be read.</exception>
    public IReadOnlyList<PinnedHostKey> Find(Guid vmId) => Read().Where(e => e.VmId == vmId).Select(e => e.Key).ToList();

    /// <summary>
    /// Pins <paramref name="key"/> for a VM that has no pin yet, in one locked read-modify-write (so two runs
    /// that both saw no pin cannot both pin a different key).
    /// </summary>
    /// <returns>The VM's pins before the call: empty when the key was pinned now; otherwise nothing was written.</returns>
    /// <exception cref="KnownHostsException">A line of the store does not parse; it is not changed.</exception>
    /// <exception cref="IOException">The store cannot be locked, read or written; it is not changed.</exception>
    public IReadOnlyList<PinnedHostKey> Pin(Guid vmId, string vmName, PinnedHostKey key)
    {
        IReadOnlyList<PinnedHostKey> before = Array.Empty<PinnedHostKey>();
        _file.Update(bytes =>
        {
            var parsed = Parse(bytes);
            before = parsed.Entries.Where(e => e.VmId == vmId).Select(e => e.Key).ToList();
            return before.Count > 0 ? null : parsed.With(vmId, Line(vmId, vmName, key));
        });
        return before;
    }

    /// <summary>Replaces every pin of a VM with <paramref name="key"/> (-TrustHostKey), in one locked read-modify-write.</summary>
    /// <returns>The VM's pins before the call.</returns>
    /// <exception cref="KnownHostsException">A line of the store does not parse; it is not changed.</exception>
    /// <exception cref="IOException">The store cannot be locked, read or written; it is not changed.</exception>
    public IReadOnlyList<PinnedHostKey> Replace(Guid vmId, string vmName, PinnedHostKey key)
    {
        IReadOnlyList<PinnedHostKey> before = Array.Empty<PinnedHostKey>();
        _file.Update(bytes =>
        {
            var parsed = Parse(bytes);
            before = parsed.Entries.Where(e => e.VmId == vmId).Select(e => e.Key).ToList();
            return parsed.With(vmId, Line(vmId, vmName, key));
        });
        return before;
    }

    /// <summary>The store line for a pin: alias, key type, base64 key, the VM name as comment.</summary>
    public static string Line(Guid vmId, string vmName, PinnedHostKey key)
    {
        var type = key.KeyType ?? throw new ArgumentException($"The host key of {vmName} names no key type; it cannot be pinned.", nameof(key));
        var comment = new string((vmName ?? "").Select(c => char.IsWhiteSpace(c) || char.IsControl(c) ? '_' : c).ToArray());
        return $"{AliasFor(vmId)} {type} {key.Key}" + (comment.Length > 0 ? " " + comment : "");
    }

    private ParsedStore Parse(byte[]? bytes)
    {
        var text = bytes == null ? "" : DecodeUtf8(bytes);
        var lines = text.Length == 0 ? new List<string>() : text.Split('\n').ToList();
        // A final newline leaves an empty last piece: it is the end of the last line, not a line.
        if (lines.Count > 0 && lines[lines.Count - 1].Length == 0) lines.RemoveAt(lines.Count - 1);
        var newline = text.Contains("\r\n") ? "\r\n" : "\n";
        var entries = new List<KnownHostsEntry>();
        for (var i = 0; i < lines.Count; i++)
        {
            var entry = ParseLine(lines[i].TrimEnd('\r'), i + 1);
            if (entry != null) entries.Add(entry);
        }
        return new ParsedStore(lines, entries, newline);
    }

    private string DecodeUtf8(byte[] bytes)
    {
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new KnownHostsException(FilePath, 0,
                $"The pin store {FilePath} is not UTF-8 text (byte {e.Index}). No host key is trusted until it is fixed; it was not changed.");
        }
    }

    // One line: null for a blank line, a comment or another host's key; the pin for ours. Anything
    // that could change what is trusted and cannot be read fails closed.
    private KnownHostsEntry? ParseLine(string line, int number)
    {
        var trimmed = line.Trim();
        if (trimmed.Length == 0 || trimmed[0] == '#') return null;
        var fields = trimmed.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
        if (fields[0][0] == '@')
        {
            throw Bad(number, $"the marker {fields[0]} is not supported in the pin store");
        }
        if (fields.Length < 3)
        {
            throw Bad(number, "expected '<host> <key type> <base64 key> [comment]'");
        }
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(fields[2]);
        }
        catch (FormatException)
        {
            throw Bad(number, "the key is not base64");
        }
        var type = PinnedHostKey.KeyTypeOf(blob);
        if (type == null || !string.Equals(type, fields[1], StringComparison.Ordinal))
        {
            throw Bad(number, $"the key blob is not of the type '{fields[1]}' the line names");
        }

        Guid? vmId = null;
        foreach (var pattern in fields[0].Split(','))
        {
            if (pattern.IndexOfAny(new[] { '*', '?' }) >= 0)
            {
                // OpenSSH would apply a wildcard line to the ragnatramp-<id> aliases too.
                throw Bad(number, $"the host pattern '{pattern}' has a wildcard, which would apply to every VM");
            }
            if (!pattern.StartsWith(AliasPrefix, StringComparison.OrdinalIgnoreCase)) continue;
            if (!Guid.TryParse(pattern.Substring(AliasPrefix.Length), out var id))
            {
                throw Bad(number, $"'{pattern}' is not '{AliasPrefix}' followed by a VM id");
            }
            if (vmId != null && vmId != id)
            {
                throw Bad(number, "the line names two VMs");
            }
            vmId = id;
        }
        if (vmId == null) return null;
        var comment = fields.Length > 3 ? string.Join(" ", fields.Skip(3)) : "";
        return new KnownHostsEntry(vmId.Value, new PinnedHostKey(type, fields[2]), comment, number);
    }

    private KnownHostsException Bad(int line, string what) =>
        new(FilePath, line, $"The pin store {FilePath}, line {line}: {what}. No host key is trusted until it is fixed " +
                            "(correct or delete that line; the file was not changed).");

    private sealed class ParsedStore
    {
        private readonly List<string> _lines;
        private readonly string _newline;

        public ParsedStore(List<string> lines, List<KnownHostsEntry> entries, string newline)
        {
            _lines = lines;
            Entries = entries;
            _newline = newline;
        }

        public IReadOnlyList<KnownHostsEntry> Entries { get; }

        // Every line kept as it was, except the VM's own pins, which give way to the new line.
        public byte[] With(Guid vmId, string line)
        {
            var replaced = new HashSet<int>(Entries.Where(e => e.VmId == vmId).Select(e => e.Line));
            var kept = _lines.Where((_, index) => !replaced.Contains(index + 1)).Select(l => l.TrimEnd('\r')).ToList();
            kept.Add(line);
            return new UTF8Encoding(false).GetBytes(string.Join(_newline, kept) + _newline);
        }
    }
}
