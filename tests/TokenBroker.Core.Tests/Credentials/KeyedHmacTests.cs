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
        var mismatches = await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            var wrong = 0;
            Span<byte> mac = stackalloc byte[32];
            for (var i = 0; i < 2_000; i++)
            {
                var message = RandomNumberGenerator.GetBytes((i * 7 + thread) % 300);
                hmac.Compute(message, mac);
                wrong += mac.SequenceEqual(HMACSHA256.HashData(key, message)) ? 0 : 1;
            }

            return wrong;
        })));

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
        var mismatches = await Task.WhenAll(Enumerable.Range(0, 4).Select(thread => Task.Run(() =>
        {
            var wrong = 0;
            Span<byte> digest = stackalloc byte[32];
            for (var i = 0; i < 2_000; i++)
            {
                var data = RandomNumberGenerator.GetBytes((i * 13 + thread) % 500);
                Sha256Digest.Hash(data, digest);
                wrong += digest.SequenceEqual(SHA256.HashData(data)) ? 0 : 1;
            }

            return wrong;
        })));

        Assert.All(mismatches, wrong => Assert.Equal(0, wrong));
    }
}
