using System;
using System.Linq;
using System.Text.Json.Nodes;

namespace Ragnatramp.State;

/// <summary>One VM of the state (vms.{machine}); unknown fields of the record stay as they are.</summary>
internal sealed class StateVm
{
    private readonly JsonObject _vm;

    internal StateVm(string key, JsonObject vm)
    {
        Key = key;
        _vm = vm;
    }

    /// <summary>The key under vms (the machine name).</summary>
    public string Key { get; }
    /// <summary>The Hyper-V VM GUID; null when missing or not a GUID.</summary>
    public Guid? Id => Guid.TryParse(StateDocument.GetString(_vm, "id"), out var id) ? id : null;
    public string? Name => StateDocument.GetString(_vm, "name");
    public string MachineName => StateDocument.GetString(_vm, "machineName") ?? Key;

    /// <summary>The recorded network; null when the VM has never been reconciled.</summary>
    public NetworkState? Network
    {
        get
        {
            if (_vm["network"] is not JsonObject network) return null;
            var ipv6 = network["ipv6"] is JsonArray list
                ? list.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : null).Where(s => s != null).Select(s => s!).ToList()
                : null;
            return new NetworkState(
                StateDocument.GetString(network, "ipv4"), ipv6, StateDocument.GetString(network, "mac"),
                StateDocument.GetString(network, "adapterName"), NodeJson.ParseTimestamp(StateDocument.GetString(network, "discoveredAt")),
                StateDocument.GetString(network, "source"), StateDocument.GetString(network, "previousIpv4"));
        }
    }

    /// <summary>Writes the network fields we own into the record's network object, keeping fields we do not know.</summary>
    public void SetNetwork(NetworkState state)
    {
        if (_vm["network"] is not JsonObject network)
        {
            network = new JsonObject();
            _vm["network"] = network;
        }
        network["ipv4"] = state.Ipv4;
        network["ipv6"] = state.Ipv6 == null ? null : new JsonArray(state.Ipv6.Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
        network["mac"] = state.Mac;
        network["adapterName"] = state.AdapterName;
        network["discoveredAt"] = state.DiscoveredAt.HasValue ? NodeJson.IsoTimestamp(state.DiscoveredAt.Value) : null;
        network["source"] = state.Source;
        // Optional in the Node.js CLI's schema: written once there is something to say.
        if (state.PreviousIpv4 != null || network.ContainsKey("previousIpv4")) network["previousIpv4"] = state.PreviousIpv4;
    }
}
