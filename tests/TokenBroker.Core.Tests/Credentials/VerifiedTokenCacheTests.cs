using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Credentials;

public sealed class VerifiedTokenCacheTests
{
    [Fact]
    public async Task Verify_SeenToken_AnsweredFromCacheWithoutAnotherSignatureCheck()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();

        var first = await harness.VerifyAsync(issued.Credentials);
        var second = await harness.VerifyAsync(issued.Credentials);
        var third = await harness.VerifyAsync(issued.Credentials);

        Assert.True(first.IsSuccess && second.IsSuccess && third.IsSuccess);
        Assert.Equal(1, harness.Verifier.TokenSignatureChecks);
        Assert.Equal(2, harness.Verifier.CacheHits);
        Assert.Same(first.Value, third.Value);
    }

    [Fact]
    public async Task Verify_ManyTokensInParallel_AllVerifiedOnceOrFromCache()
    {
        using var harness = new CredentialHarness();
        var issued = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(() => harness.IssueAsync())));

        var results = await Task.WhenAll(issued.Concat(issued).Select(i => Task.Run(async () => await harness.VerifyAsync(i.Credentials))));

        Assert.All(results, r => Assert.True(r.IsSuccess));
        Assert.Equal(400, harness.Verifier.TokenSignatureChecks + harness.Verifier.CacheHits);
    }

    [Fact]
    public async Task Verify_RejectedToken_NotCached()
    {
        using var harness = new CredentialHarness();
        var issued = await harness.IssueAsync();
        var raw = Convert.FromBase64String(issued.Credentials.SessionToken);
        raw[^1] ^= 1;
        var tampered = Convert.ToBase64String(raw);

        await harness.Verifier.VerifyAsync(issued.Credentials.AccessKeyId, tampered, CancellationToken.None);
        await harness.Verifier.VerifyAsync(issued.Credentials.AccessKeyId, tampered, CancellationToken.None);

        Assert.Equal(0, harness.Verifier.CacheHits);
        Assert.Equal(2, harness.Verifier.TokenSignatureChecks);
    }

    [Fact]
    public void Add_BeyondCapacity_EvictsExpiredEntriesFirst()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(CredentialHarness.Start);
        var cache = new VerifiedTokenCache(time, capacity: 4);
        for (var i = 0; i < 4; i++)
        {
            cache.Add(ContentHash.Of($"token-{i}"), Session(TimeSpan.FromMinutes(i < 3 ? 1 : 60)));
        }

        time.Advance(TimeSpan.FromMinutes(2));
        cache.Add(ContentHash.Of("token-new"), Session(TimeSpan.FromHours(1)));

        Assert.Equal(2, cache.Count);
        Assert.True(cache.TryGet(ContentHash.Of("token-3"), out _));
        Assert.False(cache.TryGet(ContentHash.Of("token-0"), out _));
    }

    [Fact]
    public void Add_FullOfLiveEntries_StaysBounded()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(CredentialHarness.Start);
        var cache = new VerifiedTokenCache(time, capacity: 100);

        for (var i = 0; i < 1_000; i++)
        {
            cache.Add(ContentHash.Of($"token-{i}"), Session(TimeSpan.FromHours(1)));
        }

        Assert.InRange(cache.Count, 1, 100);
    }

    private static VerifiedSession Session(TimeSpan lifetime) => new(
        CraftedTokens.Claims(Identifiers.NewTemporaryAccessKeyId(AccountId.Parse("111122223333")), CredentialHarness.Start, CredentialHarness.Start + lifetime),
        "secret",
        "0011223344556677");
}
