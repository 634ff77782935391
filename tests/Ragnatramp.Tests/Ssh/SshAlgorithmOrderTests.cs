using Ragnatramp.Isolated.Ssh;
using Renci.SshNet;

namespace Ragnatramp.Tests.Ssh;

public class SshAlgorithmOrderTests
{
    [Fact]
    public void Reorder_puts_the_preferred_first_and_the_last_at_the_end_keeping_every_other_in_its_order()
    {
        var algorithms = new Dictionary<string, int> { ["a"] = 1, ["slow"] = 2, ["b"] = 3, ["fast"] = 4, ["c"] = 5 };

        SshAlgorithmOrder.Reorder(algorithms, new[] { "fast", "missing" }, new[] { "slow" });

        Assert.Equal(new[] { "fast", "a", "b", "c", "slow" }, algorithms.Keys);
        Assert.Equal(4, algorithms["fast"]);
    }

    [Fact]
    public void Ssh_net_offers_ml_kem_then_curve25519_first_and_sntrup761_last_and_nothing_is_lost()
    {
        var info = new ConnectionInfo("10.0.0.1", "kadmin", new PasswordAuthenticationMethod("kadmin", "x"));
        var before = info.KeyExchangeAlgorithms.Keys.OrderBy(k => k, StringComparer.Ordinal).ToList();

        SshAlgorithmOrder.Apply(info);

        var offered = info.KeyExchangeAlgorithms.Keys.ToList();
        Assert.Equal(new[] { "mlkem768x25519-sha256", "curve25519-sha256", "curve25519-sha256@libssh.org" }, offered.Take(3));
        Assert.Equal(new[] { "sntrup761x25519-sha512", "sntrup761x25519-sha512@openssh.com" }, offered.Skip(offered.Count - 2));
        Assert.Equal(before, offered.OrderBy(k => k, StringComparer.Ordinal));
    }
}
