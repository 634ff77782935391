using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Ragnatramp.Files;

namespace Ragnatramp.Ssh;

/// <summary>
/// The per-user pinned host keys for use outside a project: a JSON file keyed by VM id.
/// Windows: %LOCALAPPDATA%\Ragnatramp\known_hosts.json; elsewhere $XDG_DATA_HOME/ragnatramp/known_hosts.json
/// (default ~/.local/share). Every pin is a read-modify-write under a lock file, written atomically
/// (temp file + rename, <see cref="LockedJsonFile"/>), so parallel runs never lose each other's keys and a
/// reader never sees half a file.
/// </summary>
internal sealed class HostKeyFileStore : IHostKeyStore
{
    private readonly object _gate = new();
    private readonly LockedJsonFile _file;

    public HostKeyFileStore(string path, TimeSpan? lockTimeout = null)
    {
        _file = new LockedJsonFile(path, lockTimeout);
    }

    public string FilePath => _file.FilePath;

    /// <summary>The store at the per-user default location for this platform.</summary>
    public static HostKeyFileStore ForCurrentUser() => new(DefaultPath(
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    /// <summary>Where the per-user store lives (pure, for tests).</summary>
    public static string DefaultPath(bool windows, Func<string, string?> env, string home)
    {
        if (windows)
        {
            var local = env("LOCALAPPDATA");
            if (string.IsNullOrEmpty(local)) local = Path.Combine(home, "AppData", "Local");
            return Path.Combine(local!, "Ragnatramp", "known_hosts.json");
        }
        var xdg = env("XDG_DATA_HOME");
        // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
        var dataHome = !string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg) ? xdg! : Path.Combine(home, ".local", "share");
        return Path.Combine(dataHome, "ragnatramp", "known_hosts.json");
    }

    public PinnedHostKey? Find(Guid vmId)
    {
        lock (_gate)
        {
            return Parse(_file.Read()).TryGetValue(vmId, out var entry) ? entry.Key : null;
        }
    }

    public void Pin(Guid vmId, string vmName, PinnedHostKey key)
    {
        lock (_gate)
        {
            _file.Update(current =>
            {
                var entries = Parse(current);
                entries[vmId] = new Entry(vmName, key);
                return Serialize(entries);
            });
        }
    }

    private sealed class Entry
    {
        public Entry(string vmName, PinnedHostKey key)
        {
            VmName = vmName;
            Key = key;
        }

        public string VmName { get; }
        public PinnedHostKey Key { get; }
    }

    private Dictionary<Guid, Entry> Parse(byte[]? bytes)
    {
        var result = new Dictionary<Guid, Entry>();
        if (bytes == null) return result;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            // Never overwrite a store we cannot read: the keys in it are the user's trust decisions.
            throw new InvalidDataException($"The host key store {FilePath} is not valid JSON ({ex.Message}). Fix or delete it; it was not changed.", ex);
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object
                || !doc.RootElement.TryGetProperty("hosts", out var hosts) || hosts.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException($"The host key store {FilePath} has no \"hosts\" object. Fix or delete it; it was not changed.");
            }
            foreach (var host in hosts.EnumerateObject())
            {
                if (!Guid.TryParse(host.Name, out var id)) continue;
                var v = host.Value;
                var trusted = v.TryGetProperty("trustedAt", out var t) && t.ValueKind == JsonValueKind.String && t.TryGetDateTime(out var dt)
                    ? dt.ToUniversalTime() : DateTime.MinValue;
                result[id] = new Entry(Str(v, "vmName"), new PinnedHostKey(Str(v, "algorithm"), Str(v, "key"), Str(v, "fingerprint"), trusted));
            }
        }
        return result;
    }

    // A static method, not a local function capturing the element: that would compile to a closure struct with a
    // JsonElement field, a type Windows PowerShell 5.1 cannot load while importing (System.Text.Json is in Dependencies/).
    private static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString()! : "";

    private static byte[] Serialize(Dictionary<Guid, Entry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteStartObject("hosts");
            foreach (var pair in entries)
            {
                json.WriteStartObject(pair.Key.ToString("D"));
                json.WriteString("vmName", pair.Value.VmName);
                json.WriteString("algorithm", pair.Value.Key.Algorithm);
                json.WriteString("key", pair.Value.Key.Key);
                json.WriteString("fingerprint", pair.Value.Key.Fingerprint);
                json.WriteString("trustedAt", pair.Value.Key.TrustedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }
}
