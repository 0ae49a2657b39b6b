using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Saml;

/// <summary>EncryptedAssertion attacks: every failure is the same error, so there is no decryption oracle.</summary>
public sealed class SamlEncryptionTests(TestIdp idp) : IClassFixture<TestIdp>
{
    private const string Invalid = "Response signature invalid";
    private static readonly SamlResponseTemplate SignedThenEncrypted = new() { SignAssertion = true, EncryptAssertion = true };

    [Fact]
    public void Validate_AesCbcInsideSignedResponse_Accepted()
    {
        var xml = idp.Issue(SignedThenEncrypted with { SignResponse = true }, TestIdp.AesCbc256);

        var result = idp.Validate(xml);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Saml_AesCbcWithoutResponseSignatureOneBadApple_Rejected()
    {
        // "One Bad Apple": CBC ciphertext that no verified signature covers is a padding oracle waiting to happen.
        AssertRejected(idp.Issue(SignedThenEncrypted, TestIdp.AesCbc256));
    }

    [Fact]
    public void Saml_EncryptedAssertionWithoutDecryptionKey_Rejected()
    {
        var xml = idp.Issue(SignedThenEncrypted);

        var result = idp.Validate(xml, idp.Provider with { PrivateKeyList = [] });

        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Fact]
    public void Saml_EncryptedAssertionWithAnotherKey_Rejected()
    {
        var xml = idp.Issue(SignedThenEncrypted);

        var result = idp.Validate(xml, idp.Provider with { PrivateKeyList = [idp.Attacker.PrivateKey()] });

        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Fact]
    public void Saml_PlainAssertionWhenEncryptionRequired_Rejected()
    {
        // IAM AssertionEncryptionMode Required: a correctly signed but unencrypted assertion is refused.
        var xml = idp.Issue(new SamlResponseTemplate { SignResponse = true, SignAssertion = true });

        var result = idp.Validate(xml, idp.Provider with { AssertionEncryptionMode = AssertionEncryptionMode.Required });

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Fact]
    public void Validate_EncryptedAssertionWhenEncryptionRequired_Accepted()
    {
        var xml = idp.Issue(SignedThenEncrypted);

        var result = idp.Validate(xml, idp.Provider with { AssertionEncryptionMode = AssertionEncryptionMode.Required });

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Validate_TwoKeysDuringRotation_EitherDecrypts(bool toNextKey)
    {
        var recipient = toNextKey ? idp.NextServiceProvider : idp.ServiceProvider;
        var xml = idp.Issue(SignedThenEncrypted, idp.Signing, TestIdp.AesGcm256, recipient, TestIdp.RsaOaepMgf1P);
        var rotating = idp.Provider with { PrivateKeyList = [idp.ServiceProvider.PrivateKey(), idp.NextServiceProvider.PrivateKey()] };

        var result = idp.Validate(xml, rotating);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Saml_EncryptedToKeyRemovedAfterRotation_Rejected()
    {
        var xml = idp.Issue(SignedThenEncrypted, idp.Signing, TestIdp.AesGcm256, idp.ServiceProvider, TestIdp.RsaOaepMgf1P);

        var result = idp.Validate(xml, idp.Provider with { PrivateKeyList = [idp.NextServiceProvider.PrivateKey()] });

        Assert.Equal(Invalid, result.Error?.Message);
    }

    [Fact]
    public void Validate_Aes128Gcm_Accepted()
    {
        var xml = idp.Issue(SignedThenEncrypted, TestIdp.AesGcm128);

        var result = idp.Validate(xml);

        Assert.True(result.IsSuccess, result.Error?.Message);
    }

    [Fact]
    public void Saml_TamperedCiphertext_Rejected()
    {
        var m = new SamlMutation(idp.Issue(SignedThenEncrypted));
        var cipher = m.One("/samlp:Response/saml:EncryptedAssertion/xenc:EncryptedData/xenc:CipherData/xenc:CipherValue");
        var bytes = Convert.FromBase64String(cipher.InnerText);
        bytes[20] ^= 1;
        cipher.InnerText = Convert.ToBase64String(bytes);

        AssertRejected(m.ToString());
    }

    [Fact]
    public void Saml_RetrievalMethodForEncryptedKey_Rejected()
    {
        var m = new SamlMutation(idp.Issue(SignedThenEncrypted));
        var keyInfo = m.One("/samlp:Response/saml:EncryptedAssertion/xenc:EncryptedData/ds:KeyInfo");
        var encryptedKey = m.One("/samlp:Response/saml:EncryptedAssertion/xenc:EncryptedData/ds:KeyInfo/xenc:EncryptedKey");
        keyInfo.RemoveChild(encryptedKey);
        encryptedKey.SetAttribute("Id", "_key");
        m.One("/samlp:Response/saml:EncryptedAssertion").AppendChild(encryptedKey);
        var retrieval = m.New("ds", "RetrievalMethod", "http://www.w3.org/2000/09/xmldsig#");
        retrieval.SetAttribute("URI", "#_key");
        retrieval.SetAttribute("Type", "http://www.w3.org/2001/04/xmlenc#EncryptedKey");
        keyInfo.AppendChild(retrieval);

        AssertRejected(m.ToString());
    }

    [Fact]
    public void Saml_CipherReference_Rejected()
    {
        var m = new SamlMutation(idp.Issue(SignedThenEncrypted));
        var cipherData = m.One("/samlp:Response/saml:EncryptedAssertion/xenc:EncryptedData/xenc:CipherData");
        cipherData.InnerXml = "<xenc:CipherReference xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\" URI=\"http://127.0.0.1:1/cipher\"/>";

        AssertRejected(m.ToString());
    }

    [Fact]
    public void Saml_RsaPkcs1KeyTransport_Rejected()
    {
        var m = new SamlMutation(idp.Issue(SignedThenEncrypted));
        m.One("//xenc:EncryptedKey/xenc:EncryptionMethod").SetAttribute("Algorithm", "http://www.w3.org/2001/04/xmlenc#rsa-1_5");

        AssertRejected(m.ToString());
    }

    [Fact]
    public void Saml_EncryptedUnsignedAssertionWithoutResponseSignature_Rejected()
    {
        // Encryption is not authentication: anyone with the SP's public certificate can encrypt an assertion.
        AssertRejected(idp.Issue(new SamlResponseTemplate { EncryptAssertion = true, NameId = "admin@example.com" }));
    }

    private void AssertRejected(string xml)
    {
        var result = idp.Validate(xml);

        Assert.Equal("InvalidIdentityToken", result.Error?.Code);
        Assert.Equal(Invalid, result.Error?.Message);
    }
}
