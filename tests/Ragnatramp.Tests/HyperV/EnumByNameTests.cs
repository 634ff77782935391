using System.Management.Automation;
using Ragnatramp.HyperV;

namespace Ragnatramp.Tests.HyperV;

/// <summary>Enums are read by name: numbers differ between Windows builds, and objects may arrive deserialized.</summary>
public class EnumByNameTests
{
    // VMState as older Windows builds number it (before Hibernated and ComponentServicing were inserted).
    public enum LegacyVmState { Running = 2, Off = 3, ForceReboot = 32782, RunningCritical = 32783, OffCritical = 32784, StoppingCritical = 32785 }

    private static PSObject Obj(params (string Name, object? Value)[] properties)
    {
        var obj = new PSObject();
        foreach (var (name, value) in properties) obj.Properties.Add(new PSNoteProperty(name, value));
        return obj;
    }

    private static PSObject RoundTrip(object value) =>
        (PSObject)PSSerializer.Deserialize(PSSerializer.Serialize(value));

    [Theory]
    [InlineData(LegacyVmState.RunningCritical, (int)VmState.RunningCritical)]
    [InlineData(LegacyVmState.OffCritical, (int)VmState.OffCritical)]
    [InlineData(LegacyVmState.StoppingCritical, (int)VmState.StoppingCritical)]
    public void An_older_hosts_enum_value_is_read_by_its_name_not_its_number(LegacyVmState value, int expectedNumber)
    {
        var expected = (VmState)expectedNumber;
        var vm = HyperVObjectReader.ToVm(Obj(("Name", "web"), ("Id", Guid.NewGuid()), ("State", value)));
        Assert.Equal(expected, vm.State);
        Assert.Equal(expected.ToString(), vm.StateName);
    }

    [Fact]
    public void A_running_critical_VM_of_an_older_host_counts_as_running()
    {
        var vm = HyperVObjectReader.ToVm(Obj(("Name", "web"), ("State", LegacyVmState.RunningCritical)));
        Assert.True(VmStates.ExpectsAddress(vm.State));
    }

    [Fact]
    public void A_deserialized_VM_reads_its_state_by_the_serialized_name()
    {
        // What the Windows PowerShell compatibility layer delivers: the enum as a number wrapped with its name.
        var live = Obj(("Name", "web [1]"), ("Id", Guid.NewGuid()), ("State", LegacyVmState.RunningCritical), ("Notes", "managed:true"));
        live.TypeNames.Insert(0, "Microsoft.HyperV.PowerShell.VirtualMachine");
        var vm = HyperVObjectReader.ToVm(RoundTrip(live));
        Assert.Equal(VmState.RunningCritical, vm.State);
        Assert.Equal("web [1]", vm.Name);
        Assert.Equal("managed:true", vm.Notes);
    }

    [Fact]
    public void Deserialized_adapters_components_and_neighbours_read_as_live_ones()
    {
        var vmId = Guid.NewGuid();
        var adapter = HyperVObjectReader.ToNetworkAdapter(RoundTrip(Obj(("VMName", "web"), ("VMId", vmId), ("Name", "Network Adapter"),
            ("SwitchName", "Standardswitch"), ("SwitchId", Ragnatramp.Discovery.SwitchSelector.DefaultSwitchId), ("MacAddress", "00155DDE3309"),
            ("IPAddresses", new[] { "172.18.185.163", "fe80::1" }))));
        Assert.Equal(new[] { "172.18.185.163", "fe80::1" }, adapter.IPAddresses);
        Assert.Equal(Ragnatramp.Discovery.SwitchSelector.DefaultSwitchId, adapter.SwitchId);
        Assert.Equal(vmId, adapter.VmId);

        var component = HyperVObjectReader.ToIntegrationComponent(RoundTrip(Obj(("VMName", "web"), ("Name", "Austausch von Schlüsselwertepaaren"),
            ("Id", $@"Microsoft:{vmId}\2A34B1C2-FD73-4043-8A5B-DD2159BC743F"), ("Enabled", true), ("PrimaryOperationalStatus", ForeignStatus.NoContact))));
        Assert.True(component.IsKeyValuePairExchange);
        Assert.Equal(IntegrationStatus.NoContact, component.PrimaryStatus);

        var neighbor = HyperVObjectReader.ToNeighbor(RoundTrip(Obj(("InterfaceAlias", "vEthernet (Standardswitch)"), ("IPAddress", "172.18.185.163"),
            ("LinkLayerAddress", "00-15-5D-DE-33-09"), ("State", ForeignNeighborState.Permanent), ("AddressFamily", ForeignFamily.IPv4))));
        Assert.Equal((NeighborState.Permanent, AddressFamilyKind.IPv4, "00155DDE3309"), (neighbor.State, neighbor.AddressFamily, neighbor.LinkLayerAddress));
    }

    // Values chosen unlike ours, so only a read by name gives the right answer.
    private enum ForeignStatus { NoContact = 99 }
    private enum ForeignNeighborState : byte { Permanent = 42 }
    private enum ForeignFamily : ushort { IPv4 = 77 }

    [Theory]
    [InlineData(32783L, "RunningCritical", (int)VmState.RunningCritical)] // an older host's own type names the number
    [InlineData(32783L, null, (int)VmState.Hibernated)]                    // no host type: the current numbering
    [InlineData(32785L, null, (int)VmState.RunningCritical)]
    [InlineData(2L, null, (int)VmState.Running)]
    public void A_bare_number_is_read_through_the_hosts_own_names_when_known(long number, string? hostName, int expected)
    {
        var vm = HyperVObjectReader.ToVm(Obj(("Name", "web"), ("State", number)), n => n == number ? hostName : null);
        Assert.Equal((VmState)expected, vm.State);
    }

    [Fact]
    public void An_unknown_state_name_is_kept_as_given_and_not_running()
    {
        var vm = HyperVObjectReader.ToVm(Obj(("Name", "web"), ("State", "Teleporting")));
        Assert.Equal(VmState.Unknown, vm.State);
        Assert.Equal("Teleporting", vm.StateName);
        Assert.False(VmStates.ExpectsAddress(vm.State));
    }

    [Fact]
    public void Host_interfaces_read_index_address_and_prefix()
    {
        var host = HyperVObjectReader.ToHostInterface(RoundTrip(Obj(("InterfaceAlias", "vEthernet (Default Switch)"), ("InterfaceIndex", 17u),
            ("IPAddress", "172.18.176.1"), ("PrefixLength", (byte)20))));
        Assert.Equal(("vEthernet (Default Switch)", (uint?)17u, "172.18.176.1", 20), (host.InterfaceAlias, host.InterfaceIndex, host.IPv4Address, host.PrefixLength));
    }
}
