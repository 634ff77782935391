using System.Management.Automation;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.HyperV;

public class HyperVObjectReaderTests
{
    // Stand-ins for the real enum types, which live in Hyper-V's and NetTCPIP's assemblies.
    private enum ForeignVmState { Running = 2, Off = 3, RunningCritical = 32785 }
    private enum ForeignNeighborState : byte { Stale = 4, Permanent = 6 }

    private static PSObject Obj(params (string Name, object? Value)[] properties)
    {
        var obj = new PSObject();
        foreach (var (name, value) in properties) obj.Properties.Add(new PSNoteProperty(name, value));
        return obj;
    }

    public static TheoryData<object?, int> VmStateForms => new()
    {
        { ForeignVmState.Running, (int)VmState.Running },
        { ForeignVmState.RunningCritical, (int)VmState.RunningCritical },
        { "Running", (int)VmState.Running },
        { "running", (int)VmState.Running },
        { "Off", (int)VmState.Off },
        { "RunningCritical", (int)VmState.RunningCritical },
        { 2, (int)VmState.Running },
        { (ushort)3, (int)VmState.Off },
        { 32785L, (int)VmState.RunningCritical },
        { "2", (int)VmState.Running },
        { "32785", (int)VmState.RunningCritical },
        { new PSObject(ForeignVmState.Off), (int)VmState.Off },
        { new object[] { "Saved" }, (int)VmState.Saved },
    };

    [Theory]
    [MemberData(nameof(VmStateForms))]
    public void Vm_state_reads_as_enum_value_name_or_number(object? value, int expected)
    {
        Assert.True(HyperVObjectReader.TryReadEnum<VmState>(value, out var state));
        Assert.Equal((VmState)expected, state);
    }

    [Theory]
    [InlineData("No Contact", (int)IntegrationStatus.NoContact)]
    [InlineData("NoContact", (int)IntegrationStatus.NoContact)]
    [InlineData("Lost Communication", (int)IntegrationStatus.LostCommunication)]
    [InlineData("Ok", (int)IntegrationStatus.Ok)]
    [InlineData(32896, (int)IntegrationStatus.Disabled)]
    [InlineData(12, (int)IntegrationStatus.NoContact)]
    public void Integration_status_reads_names_with_spaces_and_numbers(object value, int expected)
    {
        Assert.True(HyperVObjectReader.TryReadEnum<IntegrationStatus>(value, out var status));
        Assert.Equal((IntegrationStatus)expected, status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Sideways")]
    [InlineData("Running, Off")]
    public void Unreadable_enum_values_are_reported_as_unreadable(object? value) =>
        Assert.False(HyperVObjectReader.TryReadEnum<VmState>(value, out _));

    [Fact]
    public void An_unknown_state_number_keeps_the_number_as_its_name()
    {
        var vm = HyperVObjectReader.ToVm(Obj(("Name", "web"), ("Id", Guid.NewGuid()), ("State", 99)));
        Assert.Equal("99", vm.StateName);
        Assert.False(VmStates.ExpectsAddress(vm.State));
    }

    [Fact]
    public void Vm_reads_name_id_state_and_notes()
    {
        var id = Guid.NewGuid();
        var vm = HyperVObjectReader.ToVm(Obj(("Name", "demo-web-1a2b3c4d"), ("Id", id), ("State", ForeignVmState.RunningCritical), ("Notes", "managed:true")));
        Assert.Equal("demo-web-1a2b3c4d", vm.Name);
        Assert.Equal(id, vm.Id);
        Assert.Equal(VmState.RunningCritical, vm.State);
        Assert.Equal("RunningCritical", vm.StateName);
        Assert.True(VmStates.IsRunning(vm.State));
        Assert.Equal("managed:true", vm.Notes);
    }

    [Fact]
    public void Vm_falls_back_to_VMName_and_VMId_and_a_string_guid()
    {
        var id = Guid.NewGuid();
        var vm = HyperVObjectReader.ToVm(Obj(("VMName", "web"), ("VMId", id.ToString()), ("State", "Off")));
        Assert.Equal("web", vm.Name);
        Assert.Equal(id, vm.Id);
    }

    [Fact]
    public void Adapter_normalizes_its_mac_and_reads_addresses_from_any_list()
    {
        var vmId = Guid.NewGuid();
        var adapter = HyperVObjectReader.ToNetworkAdapter(Obj(("Name", "Network Adapter"), ("VMName", "web"), ("VMId", vmId),
            ("SwitchName", "Default Switch"), ("MacAddress", "00-15-5d-de-33-09"),
            ("IPAddresses", new List<object> { "172.18.185.163", new PSObject("fe80::1"), "" })));
        Assert.Equal("00155DDE3309", adapter.MacAddress);
        Assert.Equal(new[] { "172.18.185.163", "fe80::1" }, adapter.IPAddresses);
        Assert.Equal(vmId, adapter.VmId);
        Assert.Equal("Default Switch", adapter.SwitchName);
    }

    [Fact]
    public void Disconnected_adapter_has_null_switch_and_no_addresses()
    {
        var adapter = HyperVObjectReader.ToNetworkAdapter(Obj(("Name", "Network Adapter"), ("VMName", "web"), ("SwitchName", ""),
            ("MacAddress", "000000000000"), ("IPAddresses", null)));
        Assert.Null(adapter.SwitchName);
        Assert.Empty(adapter.IPAddresses);
        Assert.False(adapter.HasAssignedMac);
    }

    [Theory]
    [InlineData("Key-Value Pair Exchange")]
    [InlineData("Austausch von Schlüsselwertepaaren")]
    [InlineData("Échange de paires clé-valeur")]
    public void Kvp_component_is_found_by_the_guid_at_the_end_of_its_id_in_any_language(string localizedName)
    {
        var vmId = Guid.NewGuid();
        var kvp = HyperVObjectReader.ToIntegrationComponent(Obj(("VMName", "web"), ("VMId", vmId), ("Name", localizedName),
            ("Id", $@"Microsoft:{vmId.ToString().ToUpperInvariant()}\2A34B1C2-FD73-4043-8A5B-DD2159BC743F"),
            ("Enabled", true), ("PrimaryOperationalStatus", "NoContact"), ("PrimaryStatusDescription", "Kein Kontakt")));
        Assert.True(kvp.IsKeyValuePairExchange);
        Assert.Equal(IntegrationStatus.NoContact, kvp.PrimaryStatus);
    }

    [Theory]
    [InlineData(@"Microsoft:0A1B\84EAAE65-2F2E-45F5-9BB5-0E857DC8EB47")] // Heartbeat
    [InlineData("Key-Value Pair Exchange")]                              // a name is not an id
    [InlineData("")]
    public void Other_components_are_not_taken_for_kvp(string id)
    {
        var component = HyperVObjectReader.ToIntegrationComponent(Obj(("VMName", "web"), ("Name", "Key-Value Pair Exchange"), ("Id", id), ("Enabled", true)));
        Assert.False(component.IsKeyValuePairExchange);
    }

    [Fact]
    public void Neighbor_reads_state_and_family_in_each_form_and_normalizes_the_mac()
    {
        var asEnum = HyperVObjectReader.ToNeighbor(Obj(("InterfaceAlias", "vEthernet (Default Switch)"), ("IPAddress", "172.18.185.163"),
            ("LinkLayerAddress", "00-15-5D-DE-33-09"), ("State", ForeignNeighborState.Permanent), ("AddressFamily", (ushort)2)));
        var asName = HyperVObjectReader.ToNeighbor(Obj(("InterfaceAlias", "x"), ("IPAddress", "fe80::1"), ("LinkLayerAddress", ""),
            ("State", "Stale"), ("AddressFamily", "IPv6")));
        var inferred = HyperVObjectReader.ToNeighbor(Obj(("IPAddress", "10.0.0.1"), ("State", (byte)5)));
        Assert.Equal((NeighborState.Permanent, AddressFamilyKind.IPv4, "00155DDE3309"), (asEnum.State, asEnum.AddressFamily, asEnum.LinkLayerAddress));
        Assert.Equal((NeighborState.Stale, AddressFamilyKind.IPv6, ""), (asName.State, asName.AddressFamily, asName.LinkLayerAddress));
        Assert.Equal((NeighborState.Reachable, AddressFamilyKind.IPv4), (inferred.State, inferred.AddressFamily));
    }
}
