using Ragnatramp.Cmdlets;
using Ragnatramp.Hosts;

namespace Ragnatramp.Tests.Hosts;

public class CmdletHostsSyncTests
{
    [Fact]
    public void A_faulted_run_becomes_one_terminating_error_with_a_stable_id_and_the_real_exception()
    {
        var cause = new MissingMethodException("Org.BouncyCastle.Something");

        var record = CmdletHostsSync.AbortRecord(new AggregateException(new AggregateException(cause)));

        Assert.Equal("HostsSyncAborted", record.FullyQualifiedErrorId);
        Assert.Same(cause, record.Exception.InnerException);
        Assert.Contains("MissingMethodException: Org.BouncyCastle.Something", record.Exception.Message);
        Assert.DoesNotContain("One or more errors occurred", record.Exception.Message);
    }
}
