using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class DuplicateAddressesTests
{
    private static VmAddress Vm(string machine, string? ipv4, string state = "Running") =>
        new() { MachineName = machine, VMName = $"demo-{machine}-1a2b3c4d", VMId = Guid.NewGuid(), State = state, IPv4 = ipv4 };

    [Fact]
    public void Two_running_VMs_with_one_IPv4_are_found_and_named_in_the_warning()
    {
        var web = Vm("web", "10.0.0.5");
        var db = Vm("db", "10.0.0.5");

        var duplicate = Assert.Single(DuplicateAddresses.Find(new[] { web, db, Vm("cache", "10.0.0.6") }));

        Assert.Equal("10.0.0.5", duplicate.Ipv4);
        Assert.Equal(new[] { "db", "web" }, duplicate.Vms.Select(v => v.MachineName));
        Assert.Contains("'db' (demo-db-1a2b3c4d)", duplicate.Warning);
        Assert.Contains("'web' (demo-web-1a2b3c4d)", duplicate.Warning);
        Assert.Contains("/etc/machine-id", duplicate.Warning);
        Assert.Equal(new HashSet<Guid> { web.VMId, db.VMId }, DuplicateAddresses.ConflictingVmIds(new[] { duplicate }));
    }

    [Fact]
    public void Distinct_addresses_missing_addresses_and_stopped_VMs_are_not_duplicates()
    {
        Assert.Empty(DuplicateAddresses.Find(new[] { Vm("a", "10.0.0.5"), Vm("b", "10.0.0.6"), Vm("c", null), Vm("d", null), Vm("e", "10.0.0.5", "Off") }));
    }

    [Fact]
    public void RunningCritical_VMs_with_one_IPv4_are_duplicates_too()
    {
        var duplicate = Assert.Single(DuplicateAddresses.Find(new[] { Vm("web", "10.0.0.5", "RunningCritical"), Vm("db", "10.0.0.5") }));

        Assert.Equal(new[] { "db", "web" }, duplicate.Vms.Select(v => v.MachineName));
    }
}
