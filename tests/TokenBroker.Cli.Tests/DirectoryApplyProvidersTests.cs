using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Tests;

public sealed class DirectoryApplyProvidersTests : IDisposable
{
    private const string Providers = """
        accounts:
          - id: "111111111111"
            samlProviders:
              - name: Okta
                metadataFile: okta-metadata.xml
            oidcProviders:
              - url: https://token.actions.githubusercontent.com
                clientIds: [sts.amazonaws.com]
                thumbprints: [6938FD4D98BAB03FAADB97B34396831E3780AEA1]
              - url: http://127.0.0.1:9000/tenant
                clientIds: [app-1, app-2]
                allowHttpLoopback: true
        """;

    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private readonly CliFixture _cli = new();
    private readonly byte[] _certificate = NewCertificate(2048);

    public DirectoryApplyProvidersTests()
    {
        _cli.Init();
        _cli.WriteFile("okta-metadata.xml", Metadata("http://www.okta.com/exk1", _certificate));
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_Providers_StoresSamlAndOidcProviders()
    {
        var result = _cli.Apply(Providers);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ SAML provider arn:aws:iam::111111111111:saml-provider/Okta", result.Output, StringComparison.Ordinal);
        Assert.Contains("+ OIDC provider arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com", result.Output, StringComparison.Ordinal);
        var saml = await _cli.WithStoreAsync(s => s.Directory.FindSamlProviderAsync(Arn.SamlProvider(Account, "Okta"), None));
        var oidc = await _cli.WithStoreAsync(s => s.Directory.FindOidcProviderAsync(Account, "https://token.actions.githubusercontent.com", None));
        var loopback = await _cli.WithStoreAsync(s => s.Directory.FindOidcProviderAsync(Account, "http://127.0.0.1:9000/tenant", None));
        Assert.Equal("http://www.okta.com/exk1", saml!.EntityId);
        Assert.Equal(_certificate, Assert.Single(saml.SigningCertificates));
        Assert.False(saml.AllowSha1);
        Assert.Equal(["sts.amazonaws.com"], oidc!.ClientIds);
        Assert.Equal(["6938fd4d98bab03faadb97b34396831e3780aea1"], oidc.Thumbprints);
        Assert.True(loopback!.AllowHttpLoopback);
    }

    [Fact]
    public async Task Apply_SameProvidersTwice_ReportsNoChanges()
    {
        _cli.Apply(Providers);
        var before = await _cli.ExportTextAsync();

        var second = _cli.Apply(Providers);

        Assert.Equal("No changes." + Environment.NewLine, second.Output);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public void Show_Providers_PrintsThemSoThatApplyingTheOutputChangesNothing()
    {
        _cli.Apply(Providers);

        var shown = _cli.Run("directory", "show");
        var reapplied = _cli.Apply(shown.Output, "shown.yaml");

        Assert.Contains("name: Okta", shown.Output, StringComparison.Ordinal);
        Assert.Contains("entityID=\"http://www.okta.com/exk1\"", shown.Output, StringComparison.Ordinal);
        Assert.Contains("url: https://token.actions.githubusercontent.com", shown.Output, StringComparison.Ordinal);
        Assert.Contains("allowHttpLoopback: true", shown.Output, StringComparison.Ordinal);
        Assert.Equal("No changes." + Environment.NewLine, reapplied.Output);
    }

    [Fact]
    public async Task Apply_InlineMetadataWithSha1Allowed_Stored()
    {
        var metadata = Metadata("https://idp.example.com", _certificate).Replace("\n", "\n          ", StringComparison.Ordinal);
        var yaml = $"accounts:\n  - id: \"111111111111\"\n    samlProviders:\n      - name: Legacy\n        allowSha1: true\n        metadata: |\n          {metadata}\n";

        var result = _cli.Apply(yaml);

        Assert.Equal(0, result.ExitCode);
        var saml = await _cli.WithStoreAsync(s => s.Directory.FindSamlProviderAsync(Arn.SamlProvider(Account, "Legacy"), None));
        Assert.True(saml!.AllowSha1);
    }

    [Fact]
    public void Apply_MetadataWithRsa1024Key_RejectedWithLine()
    {
        _cli.WriteFile("weak.xml", Metadata("https://idp.example.com", NewCertificate(1024)));

        var result = _cli.Apply("accounts:\n  - id: \"111111111111\"\n    samlProviders:\n      - name: Weak\n        metadataFile: weak.xml\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:5: SAML provider 'Weak': A signing certificate's key is neither RSA of at least 2048 bits nor EC.", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MetadataWithDtd_RejectedWithLine()
    {
        _cli.WriteFile("dtd.xml", "<!DOCTYPE x [<!ENTITY e \"x\">]>" + Metadata("https://idp.example.com", _certificate));

        var result = _cli.Apply("accounts:\n  - id: \"111111111111\"\n    samlProviders:\n      - name: Dtd\n        metadataFile: dtd.xml\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:5: SAML provider 'Dtd':", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_MissingMetadataFile_RejectedWithLine()
    {
        var result = _cli.Apply("accounts:\n  - id: \"111111111111\"\n    samlProviders:\n      - name: Gone\n        metadataFile: nosuch.xml\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:5: cannot read metadata file 'nosuch.xml'", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SamlProviderWithBothOrNeitherMetadata_Rejected()
    {
        var result = _cli.Apply(
            "accounts:\n  - id: \"111111111111\"\n    samlProviders:\n      - name: A\n      - name: B\n        metadata: x\n        metadataFile: okta-metadata.xml\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:4: a SAML provider needs exactly one of 'metadata' and 'metadataFile'.", result.Error, StringComparison.Ordinal);
        Assert.Contains("directory.yaml:5: a SAML provider needs exactly one of 'metadata' and 'metadataFile'.", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://idp.example.com", "must begin with https://")]
    [InlineData("https://idp.example.com/?tenant=1", "without query")]
    [InlineData("http://127.0.0.1:9000", "must begin with https://")]
    public void Apply_InvalidOidcUrl_RejectedWithLine(string url, string message)
    {
        var result = _cli.Apply($"accounts:\n  - id: \"111111111111\"\n    oidcProviders:\n      - url: {url}\n        clientIds: [a]\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:4: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_BadThumbprintAndDuplicateUrl_BothReported()
    {
        var result = _cli.Apply(
            "accounts:\n  - id: \"111111111111\"\n    oidcProviders:\n      - url: https://a.example\n        thumbprints: [abc]\n      - url: https://a.example\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:4: An OIDC provider thumbprint is 40 hexadecimal characters.", result.Error, StringComparison.Ordinal);
        Assert.Contains("directory.yaml:6: OIDC provider 'https://a.example' appears more than once.", result.Error, StringComparison.Ordinal);
    }

    private static byte[] NewCertificate(int rsaBits)
    {
        using var key = RSA.Create(rsaBits);
        var request = new CertificateRequest("CN=idp.example.com", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddYears(100));
        return certificate.Export(X509ContentType.Cert);
    }

    private static string Metadata(string entityId, byte[] certificate) => $"""
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="{entityId}">
          <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
            <md:KeyDescriptor use="signing">
              <ds:KeyInfo><ds:X509Data><ds:X509Certificate>{Convert.ToBase64String(certificate)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>
            </md:KeyDescriptor>
          </md:IDPSSODescriptor>
        </md:EntityDescriptor>
        """;
}
