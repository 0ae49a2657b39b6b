using System.Security.Cryptography;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Tests.Credentials;

/// <summary>The reused HMAC and SHA-256 objects must give exactly the one-shot results, whatever the interleaving.</summary>
public sealed class KeyedHmacTests
{
    [Fact]
    public async Task Compute_ManyThreadsSharingOneKey_EveryMacEqualsTheOneShotHmac()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var hmac = new KeyedHmac(key);
        var mismatches = await MismatchesOnFourThreads(300, (message, mac) =>
        {
            hmac.Compute(message, mac);
            return mac.SequenceEqual(HMACSHA256.HashData(key, message));
        });

        Assert.All(mismatches, wrong => Assert.Equal(0, wrong));
    }

    [Fact]
    public void Compute_DestinationTooSmall_ThrowsAndTheNextMacIsStillRight()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var hmac = new KeyedHmac(key);
        var message = "next"u8.ToArray();

        Assert.ThrowsAny<ArgumentException>(() => hmac.Compute("first"u8, new byte[8]));

        var mac = new byte[32];
        hmac.Compute(message, mac);
        Assert.Equal(HMACSHA256.HashData(key, message), mac);
    }

    [Fact]
    public async Task Sha256Digest_ManyThreads_EveryHashEqualsTheOneShotHash()
    {
        var mismatches = await MismatchesOnFourThreads(500, (data, digest) =>
        {
            Sha256Digest.Hash(data, digest);
            return digest.SequenceEqual(SHA256.HashData(data));
        });

        Assert.All(mismatches, wrong => Assert.Equal(0, wrong));
    }

    private delegate bool Check(byte[] input, Span<byte> output);

    /// <summary>Runs 2,000 checks on each of four threads at once, with random inputs of up to maxLength bytes; returns each thread's failures.</summary>
    private static Task<int[]> MismatchesOnFourThreads(int maxLength, Check check) =>
        Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            var wrong = 0;
            var output = new byte[32];
            for (var i = 0; i < 2_000; i++)
            {
                wrong += check(RandomNumberGenerator.GetBytes((i * 7 + thread) % maxLength), output) ? 0 : 1;
            }

            return wrong;
        })));
}
