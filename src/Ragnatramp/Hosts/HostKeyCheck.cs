using System;
using System.Collections.Generic;
using System.Linq;
using Ragnatramp.Ssh;

namespace Ragnatramp.Hosts;

/// <summary>
/// The host-key decision for one guest's SSH handshake, made before anything is sent: a pinned VM is
/// accepted only on a pinned key; a VM without a pin has its key pinned on first use; -TrustHostKey
/// replaces a pin. The pin is written inside the decision, so a key is never used before it is on record.
/// </summary>
internal sealed class HostKeyCheck
{
    private readonly IHostKeyStore _store;
    private readonly Guid _vmId;
    private readonly string _vmName;
    private readonly bool _trust;

    public HostKeyCheck(IHostKeyStore store, VmPins pins, Guid vmId, string vmName, bool trust)
    {
        _store = store;
        Pins = pins;
        _vmId = vmId;
        _vmName = vmName;
        _trust = trust;
    }

    /// <summary>The VM's pins as they were checked (after a lost race to pin first: the winner's).</summary>
    public VmPins Pins { get; private set; }

    /// <summary>Null until the guest presented a key.</summary>
    public HostKeyStatus? Status { get; private set; }

    /// <summary>The key the guest presented; null before the handshake.</summary>
    public PinnedHostKey? Presented { get; private set; }

    /// <summary>Set when the key was to be pinned or replaced and the store could not be written: the key was refused.</summary>
    public Exception? PinFailure { get; private set; }

    /// <summary>The pins replaced under -TrustHostKey.</summary>
    public IReadOnlyList<PinnedHostKey> ReplacedPins { get; private set; } = Array.Empty<PinnedHostKey>();

    /// <summary>The host-key algorithms to offer first (those of the pinned keys), or null for the SSH library's own order.</summary>
    public IReadOnlyList<string>? PreferredAlgorithms
    {
        get
        {
            var algorithms = Pins.Keys.SelectMany(k => k.HostKeyAlgorithms() ?? Array.Empty<string>()).Distinct(StringComparer.Ordinal).ToList();
            return algorithms.Count == 0 ? null : algorithms;
        }
    }

    /// <summary>The SSH handshake's host-key callback: true to go on, false to refuse (nothing is sent then).</summary>
    public bool Accept(string algorithm, byte[] blob)
    {
        var presented = PinnedHostKey.FromBlob(algorithm, blob);
        // A re-key later in the session shows the key again: it was decided already.
        if (Presented != null && Status != HostKeyStatus.Refused && Presented.SameKeyAs(presented)) return true;
        Presented = presented;
        try
        {
            return Decide(presented);
        }
        catch (Exception e)
        {
            // Whatever the store throws, the key is not trusted: the guest fails, nothing is sent.
            PinFailure = e;
            Status = null;
            return false;
        }
    }

    private bool Decide(PinnedHostKey presented)
    {
        if (Pins.Keys.Any(k => k.SameKeyAs(presented)))
        {
            Status = HostKeyStatus.Verified;
            return true;
        }
        if (_trust && (Pins.Keys.Count > 0 || Pins.IsDisputed))
        {
            ReplacedPins = Pins.Keys.Count > 0 ? Pins.Keys : Pins.Disputed.Select(d => d.Key).ToList();
            _store.Replace(_vmId, _vmName, presented);
            Status = HostKeyStatus.Replaced;
            return true;
        }
        if (Pins.Keys.Count == 0 && !Pins.IsDisputed)
        {
            var before = _store.Pin(_vmId, _vmName, presented);
            if (before.Count == 0 || before.Any(k => k.SameKeyAs(presented)))
            {
                Status = before.Count == 0 ? HostKeyStatus.Pinned : HostKeyStatus.Verified;
                return true;
            }
            // Another run pinned a different key for this VM since we looked: that pin stands.
            Pins = new VmPins(before);
        }
        Status = HostKeyStatus.Refused;
        return false;
    }

    /// <summary>The warning first use and -TrustHostKey give (null otherwise).</summary>
    public string? Warning(string ip) => Status switch
    {
        HostKeyStatus.Pinned =>
            $"{_vmName}: pinned its SSH host key {Presented} on first use (VM id {_vmId}, {ip}). To be sure it is the VM's own key, " +
            $"compare it on the VM's console: {ConsoleCommand(Presented!)}",
        HostKeyStatus.Replaced =>
            $"{_vmName}: replaced the pinned SSH host key {string.Join(", ", ReplacedPins)} with {Presented} (-TrustHostKey; VM id {_vmId}, {ip}).",
        _ => null,
    };

    /// <summary>Why the key was refused, with both fingerprints and the right advice.</summary>
    public string RefusalReason(string ip)
    {
        var shown = Presented == null ? "no key" : Presented.ToString();
        if (Pins.IsDisputed)
        {
            return $"the Ragnatramp 0.1 pins of {_vmName} (VM id {_vmId}) disagree: {PinStore.Describe(Pins.Disputed)}; the guest at {ip} shows {shown}. " +
                   "Nothing was sent. Check which key is the VM's own on its console " +
                   $"({(Presented == null ? ConsoleCommand(Pins.Disputed[0].Key) : ConsoleCommand(Presented))}); only if it shows {Presented?.Fingerprint}, run again with -TrustHostKey to pin it.";
        }
        return $"the SSH host key of {_vmName} ({ip}) is not the one pinned for its VM id {_vmId} in {_store.Location}: pinned {string.Join(", ", Pins.Keys)}, " +
               $"the guest shows {shown}. Nothing was sent. The same VM showing another key means its host keys were regenerated, or another machine " +
               $"answers at {ip}. Check the key on the VM's console (Hyper-V Manager, Connect: {(Presented == null ? ConsoleCommand(Pins.Keys[0]) : ConsoleCommand(Presented))}); " +
               $"only if it shows {Presented?.Fingerprint}, run again with -TrustHostKey. (A re-created VM has a new id and is pinned as new without -TrustHostKey.)";
    }

    /// <summary>The command that prints the fingerprint of the guest's own key of this type, on its console.</summary>
    public static string ConsoleCommand(PinnedHostKey key)
    {
        var file = key.KeyType switch
        {
            "ssh-rsa" => "ssh_host_rsa_key.pub",
            { } t when t.StartsWith("ecdsa-", StringComparison.Ordinal) => "ssh_host_ecdsa_key.pub",
            _ => "ssh_host_ed25519_key.pub",
        };
        return $"ssh-keygen -lf /etc/ssh/{file}";
    }
}
