using Ragnatramp.Config;
using Ragnatramp.Discovery;

namespace Ragnatramp.Tests.Discovery;

/// <summary>Which project machine a piped VM address belongs to: by VM id or VM name, never by machine name alone.</summary>
public class MachineOfTests
{
    private static readonly Guid WebId = Guid.NewGuid();

    private static readonly ProjectConfig ProjB = new("/b/ragnatramp.yaml", "projB", new[]
    {
        new MachineDefinition("web", new[] { "www" }, "projB-web-bbbbbbbb", new SshLogin("b-admin", "/b/key")),
        new MachineDefinition("db", Array.Empty<string>(), "projB-db-bbbbbbbb", new SshLogin("b-admin", "/b/key")),
    });

    private static readonly IReadOnlyList<RecordedVm> Recorded = new[]
    {
        new RecordedVm("web", "projB-web-by-hand", WebId),
        new RecordedVm("db", null, null),
    };

    [Fact]
    public void Another_projects_machine_of_the_same_name_is_not_this_projects()
    {
        var projAWeb = new VmAddress { MachineName = "web", VMName = "projA-web-aaaaaaaa", VMId = Guid.NewGuid() };

        Assert.Null(ProjectTargets.MachineOf(ProjB, Recorded, projAWeb));
        Assert.Null(ProjectTargets.MachineOf(ProjB, null, projAWeb));
    }

    [Fact]
    public void A_vm_is_matched_by_the_id_the_state_records_whatever_its_name()
    {
        var renamed = new VmAddress { VMName = "whatever", VMId = WebId };

        Assert.Equal("web", ProjectTargets.MachineOf(ProjB, Recorded, renamed)!.Name);
    }

    [Fact]
    public void A_vm_is_matched_by_its_recorded_or_derived_name()
    {
        Assert.Equal("web", ProjectTargets.MachineOf(ProjB, Recorded, new VmAddress { VMName = "projB-web-by-hand" })!.Name);
        Assert.Equal("db", ProjectTargets.MachineOf(ProjB, Recorded, new VmAddress { VMName = "projB-db-bbbbbbbb", VMId = Guid.NewGuid() })!.Name);
        Assert.Equal("web", ProjectTargets.MachineOf(ProjB, null, new VmAddress { VMName = "PROJB-WEB-BBBBBBBB" })!.Name);
    }

    [Fact]
    public void A_vm_with_the_recorded_name_but_another_id_is_only_this_projects_under_the_derived_name()
    {
        var sameNameOtherId = new VmAddress { VMName = "projB-web-by-hand", VMId = Guid.NewGuid() };

        Assert.Null(ProjectTargets.MachineOf(ProjB, Recorded, sameNameOtherId));
    }
}
