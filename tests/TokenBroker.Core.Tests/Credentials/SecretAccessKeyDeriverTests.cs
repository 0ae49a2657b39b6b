using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Credentials;

public sealed class SecretAccessKeyDeriverTests
{
    private static readonly AccessKeyId KeyA = AccessKeyId.Parse("ASIAEXAMPLEKEYAAAAAA");
    private static readonly AccessKeyId KeyB = AccessKeyId.Parse("ASIAEXAMPLEKEYBBBBBB");

    [Fact]
    public async Task Derive_SameKeyIdTwice_SameFortyCharacterSecret()
    {
        using var harness = new CredentialHarness();

        var first = await harness.Secrets.DeriveAsync(KeyA, CancellationToken.None);
        var second = await harness.Secrets.DeriveAsync(KeyA, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(40, first.Length);
        Assert.Matches("^[A-Za-z0-9+/]{40}$", first);
    }

    [Fact]
    public async Task Derive_DifferentKeyIds_DifferentSecrets()
    {
        using var harness = new CredentialHarness();

        var a = await harness.Secrets.DeriveAsync(KeyA, CancellationToken.None);
        var b = await harness.Secrets.DeriveAsync(KeyB, CancellationToken.None);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public async Task Derive_DifferentDataKeys_DifferentSecrets()
    {
        using var one = new CredentialHarness();
        using var other = new CredentialHarness();

        var a = await one.Secrets.DeriveAsync(KeyA, CancellationToken.None);
        var b = await other.Secrets.DeriveAsync(KeyA, CancellationToken.None);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Derive_MatchesDocumentedConstruction()
    {
        var dataKey = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var mac = System.Security.Cryptography.HMACSHA256.HashData(dataKey, "tokenbroker/secret/v1ASIAEXAMPLEKEYAAAAAA"u8);

        Assert.Equal(Convert.ToBase64String(mac)[..40], SecretAccessKeyDeriver.Derive(new KeyedHmac(dataKey), KeyA));
    }

    [Fact]
    public async Task DeriveSubkey_PerPurpose_StableAcrossInstancesAndDistinct()
    {
        using var first = new CredentialHarness();
        using var second = new SecretAccessKeyDeriver(first.KeyRing, first.Records);

        var a = await first.Secrets.DeriveSubkeyAsync("saml-signin-state/v1", CancellationToken.None);
        var b = await second.DeriveSubkeyAsync("saml-signin-state/v1", CancellationToken.None);
        var other = await first.Secrets.DeriveSubkeyAsync("other/v1", CancellationToken.None);

        Assert.Equal(32, a.Length);
        Assert.Equal(a, b);
        Assert.NotEqual(a, other);
    }

    [Fact]
    public async Task DeriveSubkey_MatchesDocumentedConstruction()
    {
        using var harness = new CredentialHarness();
        var secret = await harness.Secrets.DeriveAsync(KeyA, CancellationToken.None);
        var dataKey = await harness.KeyRing.DecryptDataKeyAsync(
            (await harness.Records.GetAsync(SecretAccessKeyDeriver.DataKeyRecordName, CancellationToken.None))!, CancellationToken.None);

        var subkey = await harness.Secrets.DeriveSubkeyAsync("p", CancellationToken.None);

        Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(dataKey, "tokenbroker/subkey/v1:p"u8), subkey);
        Assert.Equal(SecretAccessKeyDeriver.Derive(new KeyedHmac(dataKey), KeyA), secret);
    }

    [Fact]
    public async Task Derive_TwoInstancesSharingTheStore_ShareTheDataKeyAndUnwrapItOnce()
    {
        using var first = new CredentialHarness();
        using var second = new SecretAccessKeyDeriver(first.KeyRing, first.Records);

        var a = await first.Secrets.DeriveAsync(KeyA, CancellationToken.None);
        var b = await second.DeriveAsync(KeyA, CancellationToken.None);
        await second.DeriveAsync(KeyB, CancellationToken.None);

        Assert.Equal(a, b);
        Assert.Equal(1, first.KeyRing.DataKeyGenerations);
        Assert.Equal(1, first.KeyRing.DataKeyDecryptions);
        Assert.NotNull(await first.Records.GetAsync(SecretAccessKeyDeriver.DataKeyRecordName, CancellationToken.None));
    }

    [Fact]
    public async Task Derive_ConcurrentFirstWriters_AllAgreeOnTheStoredDataKey()
    {
        using var harness = new CredentialHarness();
        var derivers = Enumerable.Range(0, 8).Select(_ => new SecretAccessKeyDeriver(harness.KeyRing, harness.Records)).ToList();

        var secrets = await Task.WhenAll(derivers.Select(d => Task.Run(async () => await d.DeriveAsync(KeyA, CancellationToken.None))));

        Assert.Single(secrets.Distinct());
        derivers.ForEach(d => d.Dispose());
    }
}
