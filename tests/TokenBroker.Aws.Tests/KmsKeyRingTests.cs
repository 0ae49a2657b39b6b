using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Aws.Kms;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Aws.Tests;

/// <summary>The KMS key ring against moto's KMS: real ECDSA P-256 signatures and real data-key wrapping.</summary>
public sealed class KmsKeyRingTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly AwsStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task SignAsync_Signature_VerifiesWithTheCachedPublicKey()
    {
        var (ring, _) = await OpenAsync();
        var message = "certify signing key 1"u8.ToArray();

        var signature = await ring.SignAsync(message, None);

        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(await ring.GetRootPublicKeyAsync(None), out _);
        Assert.True(verifier.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(verifier.VerifyData("certify signing key 2"u8.ToArray(), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        // Real KMS answers GetPublicKey with the key ARN, moto with the bare key id; never the alias either way.
        Assert.DoesNotContain("alias/", ring.RootKeyId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecryptDataKeyAsync_RoundTrip_ReturnsThePlaintext()
    {
        var (ring, _) = await OpenAsync();

        var dataKey = await ring.GenerateDataKeyAsync(None);

        Assert.Equal(32, dataKey.Plaintext.Length);
        Assert.Equal(dataKey.Plaintext, await ring.DecryptDataKeyAsync(dataKey.Wrapped, None));
    }

    [Fact]
    public async Task DecryptDataKeyAsync_TamperedCiphertext_FailsWithCryptographicException()
    {
        var (ring, _) = await OpenAsync();
        var dataKey = await ring.GenerateDataKeyAsync(None);
        dataKey.Wrapped[^1] ^= 0x01;

        await Assert.ThrowsAnyAsync<CryptographicException>(() => ring.DecryptDataKeyAsync(dataKey.Wrapped, None));
    }

    [Fact]
    public async Task IssueAndVerify_SteadyState_NoKmsCallsAfterWarmUp()
    {
        var (ring, store) = await OpenAsync();
        var counting = new CountingKeyRing(ring);
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var secrets = new SecretAccessKeyDeriver(counting, store.KeyRecords);
        using var issuer = new CredentialIssuer(counting, secrets, time);
        using var verifier = new CredentialVerifier(counting, secrets, time);
        var warm = (await issuer.IssueAsync(Grant(), None)).Value.Credentials;
        Assert.True((await verifier.VerifyAsync(warm.AccessKeyId, warm.SessionToken, None)).IsSuccess);
        var afterWarmUp = counting.Calls;

        for (var i = 0; i < 200; i++)
        {
            var credentials = (await issuer.IssueAsync(Grant(), None)).Value.Credentials;
            Assert.True((await verifier.VerifyAsync(credentials.AccessKeyId, credentials.SessionToken, None)).IsSuccess);
        }

        Assert.Equal(afterWarmUp, counting.Calls);
    }

    private async Task<(KmsKeyRing Ring, AwsStore Store)> OpenAsync()
    {
        var store = await _stores.CreateAsync();
        return ((KmsKeyRing)_stores.LastKeyRing!, store);
    }

    private static SessionGrant Grant()
    {
        var account = AccountId.Parse("111111111111");
        return new SessionGrant(PrincipalKind.UserSession, account, Arn.IamUser(account, "/", "alice"), Arn.IamUser(account, "/", "alice"),
            "AIDAEXAMPLEUSERID1234", null, null, TimeSpan.FromHours(1), SessionPolicies.None, [], [], null, false, null, 0, null);
    }
}
