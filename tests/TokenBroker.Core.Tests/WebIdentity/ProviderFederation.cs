using TokenBroker.Core.Audit;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;
using TokenBroker.Embedded;
using TokenBroker.Policy;

namespace TokenBroker.Core.Tests.WebIdentity;

/// <summary>
/// AssumeRoleWithWebIdentity in process against the public issuers of <see cref="ProviderIssuers"/>: the real SQLite
/// directory, the real validator fetching discovery and JWKS over HTTPS from the static test server (reached through
/// OidcTlsSettings.ConnectTo, certificate checked for the issuer's host), and tokens signed with a real RSA key.
/// </summary>
public sealed class ProviderFederation : IDisposable
{
    public const string Audience = "sts.amazonaws.com";
    private const string KeyId = "provider-key";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-providers-" + Guid.NewGuid().ToString("N"));
    private readonly RSA _key = RSA.Create(2048);
    private readonly OidcHttpClients _clients;
    private EmbeddedStore _store = null!;

    private ProviderFederation(WebIdentityFixture fixture)
    {
        foreach (var issuer in ProviderIssuers.All)
        {
            ProviderIssuers.Publish(fixture.StaticContent, issuer, TestJwt.Jwks(TestJwt.RsaJwk(_key, KeyId)));
        }

        var settings = new WebIdentitySettings();
        var tls = new OidcTlsSettings
        {
            UseSystemTrust = false,
            ExtraTrustedCertificateAuthorities = [fixture.Ca.Root],
            ConnectTo = ProviderIssuers.ConnectTo(fixture.Static.BaseUri),
        };
        _clients = OidcHttpClients.Create(tls, settings);
        Validator = new WebIdentityTokenValidator(new OidcKeySource(_clients, settings, Time), settings, Time);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public WebIdentityTokenValidator Validator { get; }

    public AssumeRoleWithWebIdentityOperation Operation { get; private set; } = null!;

    /// <summary>Every issuer of <see cref="ProviderIssuers"/> registered in account 111122223333, with these roles.</summary>
    public static async Task<ProviderFederation> StartAsync(WebIdentityFixture fixture, params (string Name, string Trust)[] roles)
    {
        var federation = new ProviderFederation(fixture);
        await federation.OpenStoreAsync(roles);
        return federation;
    }

    public static OidcProvider Provider(string issuer) =>
        OidcProvider.Create(WebIdentityFixture.Account, issuer, [Audience, ProviderIssuers.CircleCiOrg]);

    public static string RoleArn(string name) => $"arn:aws:iam::{WebIdentityFixture.Account}:role/{name}";

    /// <summary>A trust policy allowing the issuer's provider under <paramref name="condition"/> (a Condition object).</summary>
    public static string Trust(string issuer, string condition) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{Provider(issuer).Arn}}"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{{condition}}}]}""";

    /// <summary>A token from <paramref name="issuer"/> signed with the published key, with <paramref name="claims"/> added.</summary>
    public string Token(string issuer, JsonObject claims)
    {
        var now = Time.GetUtcNow().ToUnixTimeSeconds();
        var payload = new JsonObject { ["iss"] = issuer, ["aud"] = Audience, ["sub"] = "subject-1", ["iat"] = now, ["exp"] = now + 300 };
        foreach (var (name, value) in claims)
        {
            payload[name] = value?.DeepClone();
        }

        return TestJwt.Encode(new JsonObject { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId }, payload,
            TestJwt.Rs(_key, HashAlgorithmName.SHA256));
    }

    public Task<StsResult<ValidatedWebIdentityToken>> ValidateAsync(string token) =>
        Validator.ValidateAsync(token, [.. ProviderIssuers.All.Select(Provider)], CancellationToken.None);

    public async Task<StsResult<AssumeRoleWithWebIdentityResult>> AssumeAsync(string role, string token) =>
        await Operation.ExecuteAsync(await _store!.Directory.LoadAsync(CancellationToken.None), AssumeRoleWithWebIdentityRequest.Bind(QueryParameters.Parse(
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=ci&RoleArn=" + Uri.EscapeDataString(RoleArn(role))
            + "&WebIdentityToken=" + token).Value).Value, new CallContext("test", "127.0.0.1", "test", true, "us-east-1"), CancellationToken.None);

    public void Dispose()
    {
        _clients.Dispose();
        _store?.Dispose();
        _key.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task OpenStoreAsync((string Name, string Trust)[] roles)
    {
        _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        var iamRoles = roles.Select((role, i) => new IamRole(WebIdentityFixture.Account, role.Name, "AROAPROVIDERROLE" + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture),
            "/", role.Trust, [new InlinePolicy("inline", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""")],
            [], 3600, null, [])).ToList();
        await _store.Directory.ReplaceAsync(new DirectorySnapshot([new AccountSnapshot(WebIdentityFixture.Account, [], [], [], [], [], iamRoles, [],
            [.. ProviderIssuers.All.Select(Provider)])]), CancellationToken.None);
        var cache = new PolicyCache();
        var credentials = new CredentialIssuer(_store.KeyRing, new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords), Time);
        Operation = new AssumeRoleWithWebIdentityOperation(Validator, _store.CreateReplayCache(Time), new WebIdentitySettings(),
            new PolicyResolver(cache), cache, credentials, new CredentialAudit(_store.AuditLog, Time), Time);
    }
}
