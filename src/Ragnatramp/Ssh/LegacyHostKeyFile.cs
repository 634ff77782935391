using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ragnatramp.Files;
using Ragnatramp.State;

namespace Ragnatramp.Ssh;

/// <summary>
/// Ragnatramp 0.1's per-user pin store, <c>known_hosts.json</c> in the data folder
/// (<see cref="KnownHostsStore.DataFolder"/>): <c>{ "version": 1, "hosts": { "&lt;vm id&gt;": { "vmName", "algorithm", "key", … } } }</c>.
/// Only read (strictly: an entry that cannot be read fails closed) and emptied as its pins move into
/// the pin store; the file is deleted when the last one has moved.
/// </summary>
internal sealed class LegacyHostKeyFile : ILegacyPinSource
{
    private readonly LockedJsonFile _file;

    public LegacyHostKeyFile(string path, TimeSpan? lockTimeout = null)
    {
        _file = new LockedJsonFile(path, lockTimeout);
    }

    public string FilePath => _file.FilePath;

    /// <summary>The 0.1 file of the current user (never moved by RAGNATRAMP_KNOWN_HOSTS, which 0.1 did not know).</summary>
    public static LegacyHostKeyFile ForCurrentUser() => new(DefaultPath(
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows),
        Environment.GetEnvironmentVariable,
        Environment.GetFolderPath(Environment.SpecialFolder.UserProfile)));

    /// <summary>Where 0.1 kept it (pure, for tests).</summary>
    public static string DefaultPath(bool windows, Func<string, string?> env, string home) =>
        Path.Combine(KnownHostsStore.DataFolder(windows, env, home), "known_hosts.json");

    public IReadOnlyList<LegacyPin> ReadAll()
    {
        var bytes = _file.Read();
        if (bytes == null) return Array.Empty<LegacyPin>();
        var hosts = Hosts(Parse(bytes));
        var pins = new List<LegacyPin>();
        foreach (var pair in hosts)
        {
            var key = pair.Key; // captured instead of the pair: see StateDocument's legacy pins (5.1 load proof)
            if (!Guid.TryParse(key, out var id)) throw Bad($"the entry \"{key}\" is not keyed by a VM id");
            pins.Add(new LegacyPin(id, StateDocument.GetString(pair.Value as JsonObject ?? new JsonObject(), "vmName") ?? "",
                StateDocument.ReadLegacyKey(pair.Value, what => Bad($"the entry \"{key}\": {what}")), $"{FilePath} (0.1 store)"));
        }
        return pins;
    }

    public void Remove(ICollection<Guid> vmIds)
    {
        if (vmIds.Count == 0 || !File.Exists(FilePath)) return;
        _file.Update(bytes =>
        {
            if (bytes == null) return null;
            var root = Parse(bytes);
            var hosts = Hosts(root);
            var gone = hosts.Where(p => Guid.TryParse(p.Key, out var id) && vmIds.Contains(id)).Select(p => p.Key).ToList();
            if (gone.Count == 0) return null;
            foreach (var key in gone) hosts.Remove(key);
            if (hosts.Count > 0) return System.Text.Encoding.UTF8.GetBytes(NodeJson.Stringify(root));
            // Every pin has moved: the file goes (under the lock, so no writer of ours is mid-update).
            File.Delete(FilePath);
            return null;
        });
    }

    private JsonObject Parse(byte[] bytes)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new KnownHostsException(FilePath, (int)(e.LineNumber ?? -1) + 1,
                $"The Ragnatramp 0.1 pin store {FilePath} is not valid JSON ({e.Message}). No host key is trusted until it is fixed or deleted; it was not changed.");
        }
        return node as JsonObject ?? throw Bad("its top level is not an object");
    }

    private JsonObject Hosts(JsonObject root) =>
        root["hosts"] as JsonObject ?? throw Bad("it has no \"hosts\" object");

    private KnownHostsException Bad(string what) =>
        new(FilePath, 0, $"The Ragnatramp 0.1 pin store {FilePath}: {what}. No host key is trusted until it is fixed " +
                         "(correct or delete that entry; the file was not changed).");
}
