using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Tests;

/// <summary><c>directory apply</c> and <c>show</c> for encrypted assertions: assertionEncryptionMode and private keys.</summary>
public sealed class DirectoryApplySamlEncryptionTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly Arn OktaArn = Arn.SamlProvider(AccountId.Parse("111111111111"), "Okta");
    private readonly CliFixture _cli = new();
    private readonly RSA _current = RSA.Create(2048);
    private readonly RSA _next = RSA.Create(2048);

    public DirectoryApplySamlEncryptionTests()
    {
        _cli.Init();
        using var idpKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=idp.example.com", idpKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        _cli.WriteFile("okta-metadata.xml", $"""
            <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="http://www.okta.com/exk1">
              <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
                <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>{Convert.ToBase64String(certificate.RawData)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """);
        _cli.WriteFile("sp-current.pem", _current.ExportPkcs8PrivateKeyPem());
        _cli.WriteFile("sp-next.pem", _next.ExportRSAPrivateKeyPem());
    }

    public void Dispose()
    {
        _current.Dispose();
        _next.Dispose();
        _cli.Dispose();
    }

    private static string Okta(string encryption) =>
        "accounts:\n  - id: \"111111111111\"\n    samlProviders:\n      - name: Okta\n        metadataFile: okta-metadata.xml\n" + encryption;

    private Task<SamlProvider?> StoredAsync() => _cli.WithStoreAsync(s => s.Directory.FindSamlProviderAsync(OktaArn, None));

    [Fact]
    public async Task Apply_RequiredWithTwoKeyFiles_StoresModeAndBothKeys()
    {
        var result = _cli.Apply(Okta("        assertionEncryptionMode: Required\n        privateKeyFiles: [sp-current.pem, sp-next.pem]\n"));

        Assert.Equal(0, result.ExitCode);
        var stored = await StoredAsync();
        Assert.Equal(AssertionEncryptionMode.Required, stored!.AssertionEncryptionMode);
        Assert.Equal([SamlPrivateKey.KeyIdOf(_current), SamlPrivateKey.KeyIdOf(_next)], stored.PrivateKeyList.Select(k => k.KeyId));
        Assert.All(stored.PrivateKeyList, k => Assert.Equal(CliFixture.Now, k.Timestamp));
        Assert.Equal(_current.ExportPkcs8PrivateKey(), stored.PrivateKeyList[0].PrivateKey);
    }

    [Fact]
    public async Task Apply_NoEncryptionFields_AllowedWithoutKeys()
    {
        _cli.Apply(Okta(""));

        var stored = await StoredAsync();
        Assert.Equal(AssertionEncryptionMode.Allowed, stored!.AssertionEncryptionMode);
        Assert.Empty(stored.PrivateKeyList);
    }

    [Fact]
    public void Show_ProviderWithKeys_PrintsKeyIdsNeverKeysAndReappliesUnchanged()
    {
        _cli.Apply(Okta("        assertionEncryptionMode: Required\n        privateKeyFiles: [sp-current.pem, sp-next.pem]\n"));

        var shown = _cli.Run("directory", "show");
        var reapplied = _cli.Apply(shown.Output, "shown.yaml");

        Assert.Contains("assertionEncryptionMode: Required", shown.Output, StringComparison.Ordinal);
        Assert.Contains(SamlPrivateKey.KeyIdOf(_current), shown.Output, StringComparison.Ordinal);
        Assert.Contains(SamlPrivateKey.KeyIdOf(_next), shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", shown.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(_current.ExportPkcs8PrivateKey())[40..100], shown.Output, StringComparison.Ordinal);
        Assert.Equal("No changes." + Environment.NewLine, reapplied.Output);
    }

    [Fact]
    public async Task Apply_RotationAddThenRemove_KeepsFirstUploadTimestamps()
    {
        _cli.Apply(Okta("        privateKeyFiles: [sp-current.pem]\n"));
        _cli.Time.Advance(TimeSpan.FromDays(30));

        var added = _cli.Apply(Okta($"        privateKeyIds: [{SamlPrivateKey.KeyIdOf(_current)}]\n        privateKeyFiles: [sp-next.pem]\n"));
        var both = await StoredAsync();
        _cli.Time.Advance(TimeSpan.FromDays(1));
        var removed = _cli.Apply(Okta("        privateKeyFiles: [sp-next.pem]\n"));
        var after = await StoredAsync();

        Assert.Contains("~ SAML provider arn:aws:iam::111111111111:saml-provider/Okta", added.Output, StringComparison.Ordinal);
        Assert.Equal([CliFixture.Now, CliFixture.Now.AddDays(30)], both!.PrivateKeyList.Select(k => k.Timestamp));
        Assert.Contains("~ SAML provider", removed.Output, StringComparison.Ordinal);
        var kept = Assert.Single(after!.PrivateKeyList);
        Assert.Equal((SamlPrivateKey.KeyIdOf(_next), CliFixture.Now.AddDays(30)), (kept.KeyId, kept.Timestamp));
    }

    [Fact]
    public void Apply_SameKeyFileLater_ReportsNoChanges()
    {
        _cli.Apply(Okta("        privateKeyFiles: [sp-current.pem]\n"));
        _cli.Time.Advance(TimeSpan.FromDays(2));

        var again = _cli.Apply(Okta("        privateKeyFiles: [sp-current.pem]\n"));

        Assert.Equal("No changes." + Environment.NewLine, again.Output);
    }

    [Fact]
    public async Task Apply_ThreeKeys_RejectedWholeAtTheThirdKey()
    {
        using var third = RSA.Create(2048);
        _cli.WriteFile("sp-third.pem", third.ExportPkcs8PrivateKeyPem());

        var result = _cli.Apply(Okta("        privateKeyFiles:\n          - sp-current.pem\n          - sp-next.pem\n          - sp-third.pem\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:9: SAML provider 'Okta' has 3 private keys; a SAML provider can have at most 2.", result.Error, StringComparison.Ordinal);
        Assert.Null(await StoredAsync());
    }

    [Fact]
    public void Apply_Rsa1024Key_RejectedWithLineWithoutEchoingTheKey()
    {
        using var weak = RSA.Create(1024);
        var pem = weak.ExportPkcs8PrivateKeyPem();
        _cli.WriteFile("weak.pem", pem);

        var result = _cli.Apply(Okta("        privateKeyFiles: [weak.pem]\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:6: SAML provider 'Okta': private key file 'weak.pem': the private key is RSA-1024; at least RSA-2048 is required.",
            result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(pem.Split('\n')[1], result.Error + result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_FileWithoutPrivateKey_RejectedWithLine()
    {
        _cli.WriteFile("cert.pem", _current.ExportSubjectPublicKeyInfoPem());

        var result = _cli.Apply(Okta("        privateKeyFiles: [cert.pem]\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:6: SAML provider 'Okta': private key file 'cert.pem': no PEM 'PRIVATE KEY' or 'RSA PRIVATE KEY' block was found.",
            result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MissingKeyFile_RejectedWithLine()
    {
        var result = _cli.Apply(Okta("        privateKeyFiles: [nosuch.pem]\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:6: cannot read private key file 'nosuch.pem'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SameKeyTwice_RejectedWithLine()
    {
        var result = _cli.Apply(Okta($"        privateKeyIds: [{SamlPrivateKey.KeyIdOf(_current)}]\n        privateKeyFiles: [sp-current.pem]\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"directory.yaml:7: SAML provider 'Okta': private key file 'sp-current.pem' holds key {SamlPrivateKey.KeyIdOf(_current)}, which is already listed.",
            result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_RequiredWithoutKeys_RejectedWithLine()
    {
        var result = _cli.Apply(Okta("        assertionEncryptionMode: Required\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:6: SAML provider 'Okta': 'assertionEncryptionMode: Required' needs a private key in 'privateKeyFiles' or 'privateKeyIds'.",
            result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("required")]
    [InlineData("Optional")]
    [InlineData("1")]
    public void Apply_UnknownMode_RejectedWithLine(string mode)
    {
        var result = _cli.Apply(Okta($"        assertionEncryptionMode: {mode}\n        privateKeyFiles: [sp-current.pem]\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:6: SAML provider 'Okta': 'assertionEncryptionMode' must be Required or Allowed.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_KeyIdNotStored_RejectedWithLine()
    {
        var result = _cli.Apply(Okta($"        privateKeyIds: [{SamlPrivateKey.KeyIdOf(_next)}]\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"directory.yaml:6: SAML provider 'Okta' holds no private key {SamlPrivateKey.KeyIdOf(_next)}; give the key's file in 'privateKeyFiles'.",
            result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MalformedKeyId_RejectedWithLine()
    {
        var result = _cli.Apply(Okta("        privateKeyIds: [abc]\n"));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:6: SAML provider 'Okta': 'abc' is not a private key id (22 to 64 characters of A-Z and 0-9).", result.Error, StringComparison.Ordinal);
    }
}
