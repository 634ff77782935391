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

    [Fact]
    public void Each_VM_of_a_duplicate_is_found_with_a_skip_reason_naming_the_others()
    {
        var web = Vm("web", "10.0.0.5");
        var db = Vm("db", "10.0.0.5");
        var cache = Vm("cache", "10.0.0.6");
        var duplicates = DuplicateAddresses.Find(new[] { web, db, cache });

        Assert.Same(duplicates[0], DuplicateAddresses.Of(duplicates, web));
        Assert.Same(duplicates[0], DuplicateAddresses.Of(duplicates, new VmAddress { VMName = "copy", VMId = db.VMId, IPv4 = "10.0.0.5" }));
        Assert.Null(DuplicateAddresses.Of(duplicates, cache));
        Assert.Equal("its IPv4 10.0.0.5 is also reported by demo-db-1a2b3c4d (duplicate address; cloned /etc/machine-id?)",
            duplicates[0].SkipReason(web));
    }

    [Fact]
    public void Piped_addresses_without_a_VM_id_are_told_apart_by_the_object()
    {
        var a = new VmAddress { VMName = "a", State = "Running", IPv4 = "10.0.0.5" };
        var b = new VmAddress { VMName = "b", State = "Running", IPv4 = "10.0.0.5" };
        var c = new VmAddress { VMName = "c", State = "Running", IPv4 = "10.0.0.7" };

        var duplicates = DuplicateAddresses.Find(new[] { a, b, c });

        Assert.NotNull(DuplicateAddresses.Of(duplicates, a));
        Assert.Null(DuplicateAddresses.Of(duplicates, c));
        Assert.Contains("also reported by b ", duplicates[0].SkipReason(a));
    }

    [Fact]
    public void Text_that_is_not_an_IPv4_address_is_never_a_duplicate()
    {
        Assert.Empty(DuplicateAddresses.Find(new[] { Vm("a", "fe80::1"), Vm("b", "fe80::1") }));
    }
}
