using System.Text;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>
/// AssumeRoleWithSAML through AWSSDK.SecurityToken over a real socket with EncryptedAssertion made by xmlsec1 (RSA-OAEP
/// key transport, AES-GCM content), decrypted with the private keys the broker's directory holds for the provider.
/// </summary>
public sealed class AssumeRoleWithEncryptedSamlTests(SamlBrokerFixture broker) : IClassFixture<SamlBrokerFixture>
{
    private const string Invalid = "Response signature invalid";

    private static AssumeRoleWithSAMLRequest Request(string assertion, string roleArn = SamlDirectory.ReaderArn, string principalArn = SamlDirectory.ProviderArn) =>
        new() { RoleArn = roleArn, PrincipalArn = principalArn, SAMLAssertion = assertion };

    private static AssumeRoleWithSAMLRequest EncryptedProviderRequest(string assertion) =>
        Request(assertion, SamlDirectory.EncryptedRoleArn, SamlDirectory.EncryptedProviderArn);

    private AmazonSecurityTokenServiceClient Sts() => broker.Client(new AnonymousAWSCredentials());

    private async Task<AmazonSecurityTokenServiceException> Fails(AssumeRoleWithSAMLRequest request)
    {
        using var sts = Sts();
        return await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.AssumeRoleWithSAMLAsync(request));
    }

    [Theory]
    [InlineData(true, true)]    // encrypted signed assertion inside a signed response
    [InlineData(true, false)]   // encrypted unsigned assertion, only the response signed
    [InlineData(false, true)]   // encrypted signed assertion, response unsigned
    public async Task AssumeRoleWithSaml_EncryptedAsIdpsSendIt_ReturnsWorkingCredentials(bool signResponse, bool signAssertion)
    {
        broker.SyncClock();
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(broker.Template(signResponse, signAssertion, encryptAssertion: true))));

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlReader/alice@example.com", response.AssumedRoleUser.Arn);
        Assert.Equal("alice@example.com", response.Subject);
        Assert.Equal(TestIdp.EntityId, response.Issuer);
        using var session = broker.Client(new SessionAWSCredentials(
            response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken));
        var identity = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlReader/alice@example.com", identity.Arn);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AssumeRoleWithSaml_ProviderWithTwoKeysDuringRotation_EitherKeyDecrypts(bool toNextKey)
    {
        broker.SyncClock();
        var recipient = toNextKey ? broker.Idp.NextServiceProvider : broker.Idp.ServiceProvider;
        using var sts = Sts();

        var response = await sts.AssumeRoleWithSAMLAsync(EncryptedProviderRequest(broker.IssueEncryptedTo(broker.EncryptedProviderTemplate(), recipient)));

        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlEncrypted/alice@example.com", response.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task Saml_PlainAssertionWhenProviderRequiresEncryption_Rejected()
    {
        broker.SyncClock();

        var error = await Fails(EncryptedProviderRequest(broker.Issue(broker.EncryptedProviderTemplate())));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal(Invalid, error.Message);
    }

    [Fact]
    public async Task Saml_EncryptedToKeyTheProviderDoesNotHold_Rejected()
    {
        broker.SyncClock();

        var error = await Fails(Request(broker.IssueEncryptedTo(broker.Template(signResponse: true), broker.Idp.Attacker)));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal(Invalid, error.Message);
    }

    [Fact]
    public async Task Saml_EncryptedToRotatedOutKey_Rejected()
    {
        // TestIdp holds only the current key: a response encrypted to the next key (or to a key removed) is refused.
        broker.SyncClock();

        var error = await Fails(Request(broker.IssueEncryptedTo(broker.Template(signResponse: true), broker.Idp.NextServiceProvider)));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal(Invalid, error.Message);
    }

    [Fact]
    public async Task Saml_EncryptedUnsignedAssertionWithoutResponseSignature_Rejected()
    {
        // Anyone holding the broker's public certificate can encrypt; encryption authenticates nothing.
        broker.SyncClock();

        var error = await Fails(Request(broker.Issue(broker.Template(signResponse: false, signAssertion: false, encryptAssertion: true))));

        Assert.Equal("InvalidIdentityToken", error.ErrorCode);
        Assert.Equal(Invalid, error.Message);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_EncryptedAssertion_DatabaseHoldsNoSecretOrToken()
    {
        broker.SyncClock();
        using var sts = Sts();
        var response = await sts.AssumeRoleWithSAMLAsync(Request(broker.Issue(broker.Template(signResponse: true, encryptAssertion: true))));

        var bytes = DatabaseBytes();

        Assert.True(Holds(bytes, Encoding.UTF8.GetBytes(broker.Idp.ServiceProvider.PrivateKey().KeyId)), "the search must see the stored key ids");
        foreach (var keys in new[] { broker.Idp.ServiceProvider, broker.Idp.NextServiceProvider })
        {
            var der = keys.PrivateKey().PrivateKey;
            Assert.False(Holds(bytes, der));
            Assert.False(Holds(bytes, Encoding.UTF8.GetBytes(Convert.ToBase64String(der)[..64])));
            Assert.False(Holds(bytes, Encoding.UTF8.GetBytes(File.ReadAllLines(keys.KeyPem)[1])));
        }

        Assert.False(Holds(bytes, Encoding.UTF8.GetBytes(response.Credentials.SecretAccessKey)));
        Assert.False(Holds(bytes, Encoding.UTF8.GetBytes(response.Credentials.SessionToken[..64])));
    }

    private static bool Holds(byte[][] files, byte[] needle) => DatabaseFiles.Hold(files, needle);

    private byte[][] DatabaseBytes() => DatabaseFiles.Read(broker.DataFolder);
}
