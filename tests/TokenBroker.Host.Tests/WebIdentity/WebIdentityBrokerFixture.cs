using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Amazon.SecurityToken;
using TokenBroker.Core.Model;
using TokenBroker.Core.Tests.WebIdentity;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.WebIdentity;

/// <summary>
/// A broker whose directory holds two OIDC providers and roles that trust them: the real oidc-provider over HTTPS
/// (issued by a test CA the broker trusts through TOKENBROKER_OIDC_EXTRA_CA_FILE), and a static discovery/JWKS tenant
/// whose tokens the tests sign themselves when they need claims oidc-provider does not emit (jti, a past exp).
/// </summary>
public sealed class WebIdentityBrokerFixture : BrokerFixture, IDisposable
{
    public const string OidcClientId = "tokenbroker-rs256";
    public const string StaticClientId = "static-client";
    public const string StaticTenant = "tenant";
    public const string StaticKeyId = "static-key-1";

    /// <summary>The account of the oidc-provider fixture's pinned role (its roles claim names arn:aws:iam::111122223333:role/web-identity).</summary>
    public static readonly AccountId Account = AccountId.Parse("111122223333");

    private readonly string _folder = Directory.CreateTempSubdirectory("tokenbroker-oidc-e2e-").FullName;

    public WebIdentityBrokerFixture()
    {
        Ca = new TestCertificateAuthority("TokenBroker E2E");
        var tls = Ca.WriteTlsDirectory(Path.Combine(_folder, "tls"));
        CaFile = Path.Combine(_folder, "ca.pem");
        File.WriteAllText(CaFile, Ca.Root.ExportCertificatePem());
        var content = Directory.CreateDirectory(Path.Combine(_folder, "static")).FullName;
        Oidc = NodeServer.StartOidc(tls);
        Static = NodeServer.StartStatic(content, tls);
        OidcIssuer = Oidc.BaseUri.AbsoluteUri.TrimEnd('/');
        StaticIssuer = Static.BaseUri.AbsoluteUri.TrimEnd('/') + "/" + StaticTenant;
        var tenant = Directory.CreateDirectory(Path.Combine(content, StaticTenant)).FullName;
        File.WriteAllText(Path.Combine(tenant, "openid-configuration.json"),
            TestJwt.Serialize(new JsonObject { ["issuer"] = StaticIssuer, ["jwks_uri"] = StaticIssuer + "/jwks" }));
        File.WriteAllText(Path.Combine(tenant, "jwks.json"), TestJwt.Serialize(TestJwt.Jwks(TestJwt.RsaJwk(StaticKey, StaticKeyId))));
        ProviderIssuers.Publish(content, ProviderIssuers.GitHub, TestJwt.Jwks(TestJwt.RsaJwk(StaticKey, StaticKeyId)));
    }

    public TestCertificateAuthority Ca { get; }

    public string CaFile { get; }

    public NodeServer Oidc { get; }

    public NodeServer Static { get; }

    public string OidcIssuer { get; }

    public string StaticIssuer { get; }

    public RSA StaticKey { get; } = RSA.Create(2048);

    public OidcProvider OidcProvider => OidcProvider.Create(Account, OidcIssuer, [OidcClientId, "tokenbroker-es256"]);

    public OidcProvider StaticProvider => OidcProvider.Create(Account, StaticIssuer, [StaticClientId]);

    /// <summary>token.actions.githubusercontent.com, served by the static server through TOKENBROKER_OIDC_CONNECT_TO.</summary>
    public static OidcProvider GitHubProvider => OidcProvider.Create(Account, ProviderIssuers.GitHub, ["sts.amazonaws.com"]);

    public static string RoleArn(string name) => $"arn:aws:iam::{Account}:role/{name}";

    /// <summary>A genuine ID token from oidc-provider for this client and subject.</summary>
    public Task<string> IdTokenAsync(string subject, string clientId = OidcClientId) =>
        OidcTokenClient.GetIdTokenAsync(Oidc.BaseUri, Ca.Root, clientId, subject);

    /// <summary>A token from the static tenant, signed with its key; <paramref name="change"/> edits the claims.</summary>
    public string StaticToken(string subject, Action<JsonObject>? change = null)
    {
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = StaticIssuer,
            ["aud"] = StaticClientId,
            ["sub"] = subject,
            ["iat"] = now,
            ["exp"] = now + 600,
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        change?.Invoke(claims);
        return TestJwt.Encode(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = StaticKeyId }, claims,
            TestJwt.Rs(StaticKey, HashAlgorithmName.SHA256));
    }

    /// <summary>A GitHub Actions token for the repository, signed with the static key GitHub's stand-in publishes.</summary>
    public string GitHubToken(string repository, string repositoryId)
    {
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var claims = new JsonObject
        {
            ["iss"] = ProviderIssuers.GitHub,
            ["aud"] = "sts.amazonaws.com",
            ["sub"] = $"repo:{repository}:ref:refs/heads/main",
            ["repository"] = repository,
            ["repository_id"] = repositoryId,
            ["repository_owner_id"] = "9919",
            ["ref"] = "refs/heads/main",
            ["iat"] = now,
            ["exp"] = now + 300,
        };
        return TestJwt.Encode(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = StaticKeyId }, claims,
            TestJwt.Rs(StaticKey, HashAlgorithmName.SHA256));
    }

    /// <summary>An SDK client with no credentials: AssumeRoleWithWebIdentity is an unsigned call.</summary>
    public AmazonSecurityTokenServiceClient AnonymousClient() => Client(new AnonymousAWSCredentials());

    public void Dispose()
    {
        Oidc.Dispose();
        Static.Dispose();
        Ca.Dispose();
        StaticKey.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("TOKENBROKER_OIDC_EXTRA_CA_FILE", CaFile), new("TOKENBROKER_OIDC_CONNECT_TO", ProviderIssuers.ConnectToSetting(Static.BaseUri))];

    protected override DirectorySnapshot Snapshot()
    {
        var oidcHost = OidcProvider.HostPath;
        var staticHost = StaticProvider.HostPath;
        var webIdentity = Trust(OidcProvider.Arn.ToString(), """["sts:AssumeRoleWithWebIdentity","sts:TagSession"]""",
            "{\"StringEquals\":{\"" + oidcHost + ":aud\":\"" + OidcClientId + "\"},\"StringLike\":{\"" + oidcHost + ":sub\":\"user-*\"}}");
        var noTags = Trust(StaticProvider.Arn.ToString(), "\"sts:AssumeRoleWithWebIdentity\"", null);
        var staticTrust = Trust(StaticProvider.Arn.ToString(), """["sts:AssumeRoleWithWebIdentity","sts:TagSession"]""",
            "{\"StringEquals\":{\"" + staticHost + ":aud\":\"" + StaticClientId + "\"}}");
        var gitHubTrust = Trust(GitHubProvider.Arn.ToString(), "\"sts:AssumeRoleWithWebIdentity\"",
            """{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com","token.actions.githubusercontent.com:repository_id":"1296269"},"StringLike":{"token.actions.githubusercontent.com:sub":"repo:octo-org/*"}}""");
        var sourceIdentityTrust = Trust(StaticProvider.Arn.ToString(), """["sts:AssumeRoleWithWebIdentity","sts:SetSourceIdentity"]""",
            "{\"StringLike\":{\"sts:SourceIdentity\":\"*@example.com\"}}");
        var account = new AccountSnapshot(Account, [], [], [], [], [],
            [
                Role("source-identity", sourceIdentityTrust, 3600),
                Role("web-identity", webIdentity, 7200),
                Role("other-role", webIdentity, 3600),
                Role("no-tag-session", noTags, 3600),
                Role("static-role", staticTrust, 3600),
                Role("github-deploy", gitHubTrust, 3600),
            ],
            [],
            [OidcProvider, StaticProvider, GitHubProvider]);
        return new DirectorySnapshot([.. TestDirectory.Snapshot().Accounts, account]);
    }

    private static IamRole Role(string name, string trust, int maxSessionDuration) =>
        new(Account, name, "AROA" + name.ToUpperInvariant().Replace("-", "", StringComparison.Ordinal).PadRight(17, '0')[..17], "/", trust,
            [new InlinePolicy("inline", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""")],
            [], maxSessionDuration, null, []);

    private static string Trust(string providerArn, string actions, string? condition) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{providerArn}}"},"Action":{{actions}}{{(condition is null ? "" : ",\"Condition\":" + condition)}}}]}""";
}
