using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ragnatramp.Ssh;

namespace Ragnatramp.State;

/// <summary>
/// The parsed .ragnatramp/state.json: typed accessors over the JSON tree the Node.js CLI wrote, so
/// every field Ragnatramp does not know (anywhere in the file) is written back unchanged.
/// </summary>
internal sealed class StateDocument
{
    public const int SupportedVersion = 1;
    private readonly JsonObject _root;
    // The file's content as it was read, in the form we write: a file that differs from it only in
    // layout (indentation, CRLF, a byte order mark) is not rewritten when nothing changed.
    private string? _readAs;

    private StateDocument(JsonObject root, string path, string? originalText)
    {
        _root = root;
        Path = path;
        OriginalText = originalText;
        _readAs = originalText == null ? null : ToJson();
    }

    /// <summary>The file this document was read from (or will be written to).</summary>
    public string Path { get; }
    /// <summary>The exact text read from disk; null for a state not yet written.</summary>
    public string? OriginalText { get; }

    /// <summary>Parses a state file's text; refuses anything that is not a version 1 state.</summary>
    /// <exception cref="StateFileException">Not JSON (with line and position), not a state, or another version.</exception>
    public static StateDocument Parse(string text, string path)
    {
        JsonNode? node;
        try
        {
            node = NodeJson.Parse(text);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber.HasValue
                ? $" at line {e.LineNumber.Value + 1}, position {(e.BytePositionInLine ?? 0) + 1}"
                : "";
            throw new StateFileException(path, StateFileProblem.Corrupt,
                $"The state file '{path}' is not valid JSON{where}: {FirstSentence(e.Message)} " +
                "Ragnatramp leaves it untouched; fix or restore it (the Node.js CLI writes the same file).", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException)
        {
            throw new StateFileException(path, StateFileProblem.Corrupt,
                $"The state file '{path}' cannot be read as JSON: {e.Message} Ragnatramp leaves it untouched; fix or restore it.", e);
        }

        if (node is not JsonObject root)
            throw Invalid(path, "its top level is not a JSON object");
        var version = root["version"];
        if (version is not JsonValue versionValue || !versionValue.TryGetValue<double>(out var number))
            throw Invalid(path, "it has no numeric \"version\"");
        if (number != SupportedVersion)
            throw new StateFileException(path, StateFileProblem.UnsupportedVersion,
                $"The state file '{path}' has version {NodeJson.FormatNumber(number)}; this Ragnatramp reads and writes version {SupportedVersion} only. " +
                "It was written by a newer tool: update Ragnatramp. The file is left untouched.");
        if (root["vms"] is { } vms && vms is not JsonObject)
            throw Invalid(path, "its \"vms\" is not an object");
        foreach (var pair in VmObjects(root))
            if (pair.Value is not JsonObject)
                throw Invalid(path, $"its vms.{pair.Key} is not an object");
        return new StateDocument(root, path, text);
    }

    /// <summary>A new version 1 state, as the Node.js CLI's StateManager.create writes it.</summary>
    public static StateDocument CreateNew(string path, string configPath, string configHash, string project, DateTime now)
    {
        var timestamp = NodeJson.IsoTimestamp(now);
        var root = new JsonObject
        {
            ["version"] = SupportedVersion,
            ["configHash"] = configHash,
            ["configPath"] = configPath,
            ["project"] = project,
            ["createdAt"] = timestamp,
            ["updatedAt"] = timestamp,
            ["vms"] = new JsonObject(),
        };
        return new StateDocument(root, path, null);
    }

    private static StateFileException Invalid(string path, string what) =>
        new(path, StateFileProblem.Corrupt,
            $"The state file '{path}' is not a Ragnatramp state: {what}. Ragnatramp leaves it untouched; fix or restore it.");

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message.Substring(0, end + 1);
    }

    public int Version => SupportedVersion;
    public string? ConfigPath { get => GetString(_root, "configPath"); set => _root["configPath"] = value; }
    public string? Project { get => GetString(_root, "project"); set => _root["project"] = value; }

    /// <summary>Sets updatedAt as the Node.js CLI's save() does.</summary>
    public void Touch(DateTime now) => _root["updatedAt"] = NodeJson.IsoTimestamp(now);

    /// <summary>The recorded VMs, in file order.</summary>
    public IReadOnlyList<StateVm> Vms => VmObjects(_root).Select(p => new StateVm(p.Key, (JsonObject)p.Value!)).ToList();

    /// <summary>The VM recorded under this machine name (exact key, as the Node.js CLI keys it); null if none.</summary>
    public StateVm? FindVm(string machineName) =>
        _root["vms"] is JsonObject vms && vms[machineName] is JsonObject vm ? new StateVm(machineName, vm) : null;

    /// <summary>Records an adopted VM the way the Node.js CLI records one it created (fields it cannot know are left out).</summary>
    public StateVm AddVm(string machineName, Guid id, string vmName)
    {
        if (_root["vms"] is not JsonObject vms)
        {
            vms = new JsonObject();
            _root["vms"] = vms;
        }
        var vm = new JsonObject
        {
            ["id"] = id.ToString(),
            ["name"] = vmName,
            ["machineName"] = machineName,
            // The Node.js CLI pushes onto this list when it checkpoints; it must exist.
            ["checkpoints"] = new JsonArray(),
        };
        vms[machineName] = vm;
        return new StateVm(machineName, vm);
    }

    /// <summary>
    /// The host keys Ragnatramp 0.1 pinned in this state (top-level hostKeys, keyed by VM id), to be
    /// moved into the pin store. Read strictly: a hostKeys that is not an object, or an entry that
    /// cannot be read, is an error (a pin silently dropped would trust that VM anew).
    /// </summary>
    /// <exception cref="KnownHostsException">hostKeys or one of its entries cannot be read; the message names the file and entry.</exception>
    public IReadOnlyList<LegacyPin> LegacyHostKeys()
    {
        var node = _root["hostKeys"];
        if (node == null) return Array.Empty<LegacyPin>();
        if (node is not JsonObject keys) throw BadHostKeys("\"hostKeys\" is not an object");
        var pins = new List<LegacyPin>();
        foreach (var pair in keys)
        {
            // The lambda captures the key (a string), never the pair: a closure field of a System.Text.Json
            // type could not load on Windows PowerShell 5.1 before OnImport (DesktopLoadProofTests).
            var key = pair.Key;
            if (!Guid.TryParse(key, out var id)) throw BadHostKeys($"hostKeys.{key} is not keyed by a VM id");
            var entry = pair.Value as JsonObject;
            pins.Add(new LegacyPin(id, entry == null ? "" : GetString(entry, "vmName") ?? "",
                ReadLegacyKey(pair.Value, what => BadHostKeys($"hostKeys.{key}: {what}")), $"{Path} (hostKeys)"));
        }
        return pins;
    }

    /// <summary>Removes these VMs' entries from hostKeys, and hostKeys itself once it is empty; every other field stays.</summary>
    public void RemoveHostKeys(ICollection<Guid> vmIds)
    {
        if (_root["hostKeys"] is not JsonObject keys) return;
        foreach (var key in keys.Select(p => p.Key).Where(k => Guid.TryParse(k, out var id) && vmIds.Contains(id)).ToList())
        {
            keys.Remove(key);
        }
        if (keys.Count == 0) _root.Remove("hostKeys");
    }

    /// <summary>A 0.1 pin entry (<c>{ "algorithm": …, "key": "&lt;base64 blob&gt;", … }</c>) as a key; <paramref name="bad"/> makes the error.</summary>
    internal static PinnedHostKey ReadLegacyKey(JsonNode? entry, Func<string, Exception> bad)
    {
        if (entry is not JsonObject obj) throw bad("the entry is not an object");
        var algorithm = GetString(obj, "algorithm");
        var key = GetString(obj, "key");
        if (string.IsNullOrEmpty(algorithm) || string.IsNullOrEmpty(key)) throw bad("\"algorithm\" or \"key\" is missing");
        var pinned = new PinnedHostKey(algorithm!, key!);
        if (pinned.KeyType == null) throw bad("\"key\" is not a base64 SSH public key");
        return pinned;
    }

    private KnownHostsException BadHostKeys(string what) =>
        new(Path, 0, $"The state file '{Path}' holds Ragnatramp 0.1 host key pins that cannot be read: {what}. " +
                     "No host key is trusted until it is fixed (correct or remove that entry; Ragnatramp keeps pins in its pin store now).");

    /// <summary>The file's text as the Node.js CLI would write it (JSON.stringify(state, null, 2)).</summary>
    public string ToJson() => NodeJson.Stringify(_root);

    /// <summary>Whether the content changed since it was read (always true for a state not yet written).</summary>
    public bool IsModified => _readAs == null || !string.Equals(ToJson(), _readAs, StringComparison.Ordinal);

    /// <summary>A deep copy, re-read from this document's text (for a dry run that must not touch the original).</summary>
    public StateDocument Copy() => new((JsonObject)NodeJson.Parse(ToJson())!, Path, OriginalText) { _readAs = _readAs };

    private static IEnumerable<KeyValuePair<string, JsonNode?>> VmObjects(JsonObject root) =>
        root["vms"] is JsonObject vms ? vms : Enumerable.Empty<KeyValuePair<string, JsonNode?>>();

    internal static string? GetString(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
