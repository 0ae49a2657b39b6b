namespace TokenBroker.Core.Tests.Credentials;

public sealed class RootKeyUsageTests
{
    [Fact]
    public async Task Issue_TenThousandCredentials_AtMostAHandfulOfRootKeyOperations()
    {
        using var harness = new CredentialHarness();

        for (var i = 0; i < 10_000; i++)
        {
            await harness.IssueAsync();
        }

        Assert.Equal(1, harness.KeyRing.Signs);
        Assert.Equal(1, harness.KeyRing.DataKeyGenerations);
        Assert.True(harness.KeyRing.Total <= 3, $"{harness.KeyRing.Total} root-key operations");
    }

    [Fact]
    public async Task Issue_ConcurrentFirstIssuances_CertifyOneSigningKey()
    {
        using var harness = new CredentialHarness();

        var issued = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => harness.IssueAsync())));

        Assert.Equal(1, harness.KeyRing.Signs);
        Assert.Equal(1, harness.KeyRing.DataKeyGenerations);
        Assert.Equal(64, issued.Select(i => i.Credentials.AccessKeyId).Distinct().Count());
    }

    [Fact]
    public async Task Verify_TenThousandDistinctTokens_RootPublicKeyFetchedOnceAndCertificateCheckedOnce()
    {
        using var issuing = new CredentialHarness();
        var tokens = new List<Core.Credentials.TemporaryCredentials>();
        for (var i = 0; i < 10_000; i++)
        {
            tokens.Add((await issuing.IssueAsync()).Credentials);
        }

        var before = issuing.KeyRing.Total;
        foreach (var credentials in tokens)
        {
            Assert.True((await issuing.VerifyAsync(credentials)).IsSuccess);
        }

        Assert.Equal(1, issuing.KeyRing.PublicKeyReads);
        Assert.Equal(1, issuing.KeyRing.Total - before);
        Assert.Equal(1, issuing.Verifier.CertificateSignatureChecks);
        Assert.Equal(10_000, issuing.Verifier.TokenSignatureChecks);
    }
}
