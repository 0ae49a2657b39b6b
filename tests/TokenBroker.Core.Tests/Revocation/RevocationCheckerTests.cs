using TokenBroker.Core.Credentials;
using TokenBroker.Core.Revocation;
using TokenBroker.Core.Tests.Credentials;
using TokenBroker.Embedded;

namespace TokenBroker.Core.Tests.Revocation;

/// <summary>The checker over a real SQLite revocation store and really issued and verified sessions.</summary>
public sealed class RevocationCheckerTests : IAsyncLifetime, IDisposable
{
    private const string Provider = "arn:aws:iam::111111111111:saml-provider/corp";

    private readonly CredentialHarness _harness = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-tests-" + Guid.NewGuid().ToString("N"));
    private EmbeddedStore _store = null!;

    public async Task InitializeAsync() => _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        _harness.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private RevocationChecker Checker(TimeSpan cache) => new(_store.Revocations, _harness.Time, cache);

    private async Task<VerifiedSession> FederatedSessionAsync(string provider, string subject)
    {
        var issued = await _harness.IssueAsync(Grants.AssumedRole() with { FederatedProvider = provider, FederatedSubject = subject });
        return (await _harness.VerifyAsync(issued.Credentials)).Value;
    }

    private async Task CutoffNowAsync(RevocationScope scope, string subject)
    {
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        await _store.Revocations.SetCutoffAsync(scope, subject, _harness.Time.GetUtcNow(), CancellationToken.None);
    }

    [Fact]
    public async Task CheckAsync_ProviderSubjectRevoked_IsExpiredToken()
    {
        var session = await FederatedSessionAsync(Provider, "alice@corp.example");

        await CutoffNowAsync(RevocationScope.ProviderSubject, RevocationSubjects.ProviderSubject(Provider, "alice@corp.example"));

        Assert.Equal("ExpiredToken", (await Checker(TimeSpan.Zero).CheckAsync(session, CancellationToken.None))?.Code);
    }

    [Fact]
    public async Task CheckAsync_SameSubjectFromOtherProvider_NotRevoked()
    {
        var session = await FederatedSessionAsync("arn:aws:iam::111111111111:saml-provider/partner", "alice@corp.example");

        await CutoffNowAsync(RevocationScope.ProviderSubject, RevocationSubjects.ProviderSubject(Provider, "alice@corp.example"));

        Assert.Null(await Checker(TimeSpan.Zero).CheckAsync(session, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_IssuedAfterCutoff_NotRevoked()
    {
        await CutoffNowAsync(RevocationScope.ProviderSubject, RevocationSubjects.ProviderSubject(Provider, "bob"));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));

        var session = await FederatedSessionAsync(Provider, "bob");

        Assert.Null(await Checker(TimeSpan.Zero).CheckAsync(session, CancellationToken.None));
    }

    [Fact]
    public async Task CheckAsync_CachedAbsence_CutoffAppliesOnceCacheAgesOut()
    {
        var session = await FederatedSessionAsync(Provider, "carol");
        var checker = Checker(TimeSpan.FromSeconds(5));
        Assert.Null(await checker.CheckAsync(session, CancellationToken.None));

        await CutoffNowAsync(RevocationScope.Session, session.Claims.AccessKeyId.Value);
        _harness.Time.Advance(TimeSpan.FromSeconds(3));

        // Within the bound the cached "no cutoff" may still answer; at the bound the store is read again.
        Assert.Null(await checker.CheckAsync(session, CancellationToken.None));
        _harness.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("ExpiredToken", (await checker.CheckAsync(session, CancellationToken.None))?.Code);
    }
}
