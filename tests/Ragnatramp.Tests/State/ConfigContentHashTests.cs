using System.Text;
using Ragnatramp.State;

namespace Ragnatramp.Tests.State;

public class ConfigContentHashTests
{
    [Fact]
    public void The_config_hash_is_the_first_8_hex_digits_of_SHA256_over_the_content()
    {
        // Node: createHash('sha256').update(readFileSync('node-state.json', 'utf-8')).digest('hex').slice(0, 8)
        Assert.Equal("7ac238f4", ConfigContentHash.Compute(StateFixture.PathOf("node-state.json")));
    }

    [Fact]
    public void Content_not_path_decides_the_hash()
    {
        Assert.Equal(ConfigContentHash.ComputeFromBytes(Encoding.UTF8.GetBytes("project:\n  name: a\n")),
            ConfigContentHash.ComputeFromBytes(Encoding.UTF8.GetBytes("project:\n  name: a\n")));
        Assert.NotEqual(ConfigContentHash.ComputeFromBytes(Encoding.UTF8.GetBytes("project:\n  name: a\n")),
            ConfigContentHash.ComputeFromBytes(Encoding.UTF8.GetBytes("project:\n  name: b\n")));
    }

    [Fact]
    public void Invalid_UTF8_is_hashed_as_Node_decodes_it()
    {
        // Node: createHash('sha256').update(Buffer.from([0x61, 0xff, 0x62]).toString('utf-8')).digest('hex').slice(0, 8)
        Assert.Equal("05087813", ConfigContentHash.ComputeFromBytes(new byte[] { 0x61, 0xff, 0x62 }));
    }
}
