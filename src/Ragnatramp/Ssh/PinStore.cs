using System;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.Ssh;

/// <summary>
/// The pin store as the hosts sync consults it: the per-user <see cref="KnownHostsStore"/>, into which
/// the pins Ragnatramp 0.1 kept elsewhere (a state's hostKeys, the old per-user JSON store) are moved
/// on first contact (the first lookup of a run). Rules:
/// <list type="bullet">
/// <item>A 0.1 pin of a VM the store already pins is dropped (the store's pin is the one checked,
/// whatever a stale copy of a state brings back).</item>
/// <item>For a VM the store has no pin for: 0.1 pins that agree move in; two 0.1 sources that pinned
/// different keys are a dispute, and that VM is refused as a mismatch until -TrustHostKey replaces
/// both with the key the VM shows.</item>
/// <item>A 0.1 source that cannot be read fails every lookup (closed), as a store line that does not parse.</item>
/// </list>
/// </summary>
internal sealed class PinStore : IHostKeyStore
{
    private readonly KnownHostsStore _store;
    private readonly IReadOnlyList<ILegacyPinSource> _legacy;
    private readonly object _gate = new();
    private readonly List<string> _notes = new();
    private Dictionary<Guid, List<LegacyPin>>? _disputed;

    public PinStore(KnownHostsStore store, IReadOnlyList<ILegacyPinSource>? legacy = null)
    {
        _store = store;
        _legacy = legacy ?? Array.Empty<ILegacyPinSource>();
    }

    public string Location => _store.FilePath;

    /// <summary>What the move of 0.1 pins did, for -Verbose.</summary>
    public IReadOnlyList<string> Notes
    {
        get
        {
            lock (_gate) return _notes.ToList();
        }
    }

    public VmPins Find(Guid vmId)
    {
        var disputed = MoveLegacyPins();
        lock (_gate)
        {
            if (disputed.TryGetValue(vmId, out var pins)) return new VmPins(Array.Empty<PinnedHostKey>(), pins.ToList());
        }
        return new VmPins(_store.Find(vmId));
    }

    public IReadOnlyList<PinnedHostKey> Pin(Guid vmId, string vmName, PinnedHostKey key) => _store.Pin(vmId, vmName, key);

    public void Replace(Guid vmId, string vmName, PinnedHostKey key)
    {
        _store.Replace(vmId, vmName, key);
        lock (_gate) _disputed?.Remove(vmId);
        var ids = new[] { vmId };
        foreach (var source in _legacy)
        {
            try
            {
                source.Remove(ids);
            }
            catch (System.IO.IOException e)
            {
                // The store's pin is the one checked from now on; the 0.1 leftover is dropped next run.
                lock (_gate) _notes.Add($"Could not remove the Ragnatramp 0.1 pin of VM {vmId} yet ({e.Message}); the pin store's is the one checked.");
            }
        }
    }

    /// <summary>Moves the 0.1 pins in, once per instance (a run); returns the disputed VMs.</summary>
    /// <exception cref="KnownHostsException">A 0.1 source or the store has an entry that does not parse.</exception>
    /// <exception cref="System.IO.IOException">A 0.1 source or the store cannot be read or written.</exception>
    public IReadOnlyDictionary<Guid, List<LegacyPin>> MoveLegacyPins()
    {
        lock (_gate)
        {
            if (_disputed != null) return _disputed;
            var found = _legacy.SelectMany(source => source.ReadAll().Select(pin => (Source: source, Pin: pin))).ToList();
            var disputed = new Dictionary<Guid, List<LegacyPin>>();
            var moved = new HashSet<Guid>();
            foreach (var vm in found.GroupBy(f => f.Pin.VmId))
            {
                var pins = vm.Select(f => f.Pin).ToList();
                var stored = _store.Find(vm.Key);
                if (stored.Count == 0 && pins.Select(p => p.Key.Key).Distinct(StringComparer.Ordinal).Count() > 1)
                {
                    disputed[vm.Key] = pins;
                    _notes.Add($"The Ragnatramp 0.1 pins of VM {vm.Key} disagree ({Describe(pins)}): it is refused until -TrustHostKey.");
                    continue;
                }
                var pin = pins[0];
                var before = stored.Count > 0 ? stored : _store.Pin(vm.Key, pin.VmName, pin.Key);
                var sources = string.Join(" and ", pins.Select(p => p.Source).Distinct());
                _notes.Add(before.Count == 0
                    ? $"Moved the Ragnatramp 0.1 pin of VM {vm.Key} ({pin.Key}) from {sources} into {_store.FilePath}."
                    : pins.All(p => before.Any(k => k.SameKeyAs(p.Key)))
                        ? $"The Ragnatramp 0.1 pin of VM {vm.Key} is in {_store.FilePath} already; removed it from {sources}."
                        : $"The Ragnatramp 0.1 pin of VM {vm.Key} in {sources} ({Describe(pins)}) differs from the one in {_store.FilePath} " +
                          $"({string.Join(", ", before)}), which is the one checked; removed the 0.1 pin.");
                moved.Add(vm.Key);
            }
            foreach (var source in _legacy)
            {
                var mine = found.Where(f => ReferenceEquals(f.Source, source) && moved.Contains(f.Pin.VmId)).Select(f => f.Pin.VmId).ToList();
                if (mine.Count > 0) source.Remove(mine);
            }
            _disputed = disputed;
            return disputed;
        }
    }

    /// <summary>"&lt;source&gt; has &lt;type&gt; &lt;fingerprint&gt;" for each pin, for messages.</summary>
    public static string Describe(IEnumerable<LegacyPin> pins) => string.Join(", ", pins.Select(p => $"{p.Source} has {p.Key}"));
}
