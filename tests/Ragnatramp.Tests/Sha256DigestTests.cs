using System.Security.Cryptography;
using System.Text;

namespace Ragnatramp.Tests;

public class Sha256DigestTests
{
    public static IEnumerable<object[]> Vectors() => new[]
    {
        new object[] { "" },
        new object[] { "abc" },
        new object[] { "c:/users/me/demo/ragnatramp.yaml" },
        new object[] { new string('x', 1000) + "ü€😀" },
    };

    [Theory]
    [MemberData(nameof(Vectors))]
    public void The_digest_equals_SHA256_Create(string text)
    {
        var data = Encoding.UTF8.GetBytes(text);
        using var reference = SHA256.Create();

        Assert.Equal(reference.ComputeHash(data), Sha256Digest.Of(data));
        Assert.Equal(Convert.ToHexString(reference.ComputeHash(data)).ToLowerInvariant()[..8], Sha256Digest.HexPrefix(data, 4));
    }

    [Fact]
    public void The_digest_of_abc_is_the_FIPS_180_test_vector()
    {
        Assert.Equal("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            Convert.ToHexString(Sha256Digest.Of(Encoding.ASCII.GetBytes("abc"))).ToLowerInvariant());
    }

    [Fact]
    public void The_implementation_is_the_FIPS_validated_crypto_service_provider_not_SHA256Managed()
    {
        using var sha = Sha256Digest.Create();

        Assert.Equal("SHA256CryptoServiceProvider", sha.GetType().Name);
    }
}
