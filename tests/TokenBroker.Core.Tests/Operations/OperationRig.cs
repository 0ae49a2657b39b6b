using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Revocation;
using TokenBroker.Core.Tests.Authentication;
using TokenBroker.Embedded;
using TokenBroker.Policy;

namespace TokenBroker.Core.Tests.Operations;

/// <summary>
/// The Core operations wired as the Host wires them, over a real SQLite data folder and a FakeTimeProvider: callers
/// come from requests signed by AWSSDK's signer and authenticated by <see cref="CallerAuthenticator"/>.
/// </summary>
public sealed class OperationRig : IDisposable
{
    public const string AccountText = "111111111111";
    public const string AliceKeyId = "AKIAALICE00000000001";
    public const string AliceSecret = "alice-secret-0000000000000000000000000000";
    public const string MfaSerial = "arn:aws:iam::111111111111:mfa/alice";
    public const string DemoRole = "arn:aws:iam::111111111111:role/demo";
    public const string LongRole = "arn:aws:iam::111111111111:role/long";
    public const string ExternalRole = "arn:aws:iam::111111111111:role/external";
    public const string ClosedRole = "arn:aws:iam::111111111111:role/closed";
    public const string ReadOnlyPolicy = "arn:aws:iam::111111111111:policy/ReadOnly";
    public const string AllowGet = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}""";

    private const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:*","s3:*"],"Resource":"*"}]}""";
    private const string TrustAccount = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},
        "Action":["sts:AssumeRole","sts:TagSession","sts:SetSourceIdentity"]}]}
        """;
    private const string TrustWithExternalId = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},
        "Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"tenant-7"}}}]}
        """;
    private const string TrustOtherAccount = """
        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"sts:AssumeRole"}]}
        """;

    private static readonly AccountId Account = AccountId.Parse(AccountText);
    private static readonly byte[] Seed = "12345678901234567890"u8.ToArray();

    private readonly EmbeddedStore _store;
    private readonly CallerAuthenticator _authenticator;

    private OperationRig(EmbeddedStore store)
    {
        _store = store;
        var options = new SigV4Options { Regions = new HashSet<string> { SignedCallers.Region } };
        var secrets = new SecretAccessKeyDeriver(store.KeyRing, store.KeyRecords);
        var issuer = new CredentialIssuer(store.KeyRing, secrets, Time);
        var cache = new PolicyCache();
        var policies = new PolicyResolver(cache);
        var audit = new CredentialAudit(store.AuditLog, Time);
        var mfa = new MfaVerifier(store.Directory, store.MfaAttempts, MfaLockoutPolicy.Default, audit, Time);
        var revocation = new RevocationChecker(store.Revocations, Time, RevocationChecker.DefaultCacheDuration);
        _authenticator = new CallerAuthenticator(
            new CredentialVerifier(store.KeyRing, secrets, Time), new SigV4Parser(options, Time), new SigV4Verifier(options), revocation);
        AssumeRole = new AssumeRoleOperation(policies, cache, mfa, issuer, audit, Time);
        GetSessionToken = new GetSessionTokenOperation(issuer, mfa, audit);
        GetFederationToken = new GetFederationTokenOperation(policies, issuer, audit, Time);
        AssumeRoleWithSaml = new AssumeRoleWithSamlOperation(
            store.CreateReplayCache(Time), policies, cache, issuer, audit, new AssumeRoleWithSamlSettings(new SamlValidationSettings()), Time);
        SamlSignIn = new SamlSignInOperation(AssumeRoleWithSaml, new DirectoryVersions(store.Directory, Time, TimeSpan.Zero), audit);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public AssumeRoleOperation AssumeRole { get; }

    public GetSessionTokenOperation GetSessionToken { get; }

    public GetFederationTokenOperation GetFederationToken { get; }

    public AssumeRoleWithSamlOperation AssumeRoleWithSaml { get; }

    public SamlSignInOperation SamlSignIn { get; }

    public DirectoryView Directory { get; private set; } = null!;

    public static CallContext Call { get; } = new("req-1", "192.0.2.10", "rig", true, SignedCallers.Region);

    public static async Task<OperationRig> CreateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "tokenbroker-ops-" + Guid.NewGuid().ToString("N"));
        var rig = new OperationRig(await EmbeddedStore.CreateAsync(folder, CancellationToken.None));
        await rig._store.Directory.ReplaceAsync(Snapshot(), CancellationToken.None);
        rig.Directory = await rig._store.Directory.LoadAsync(CancellationToken.None);
        return rig;
    }

    /// <summary>Alice, signing with her long-term key.</summary>
    public Task<Caller> AliceAsync() => AuthenticateAsync(AliceKeyId, AliceSecret, null);

    /// <summary>A caller signing with issued temporary credentials.</summary>
    public Task<Caller> SessionAsync(TemporaryCredentials credentials) =>
        AuthenticateAsync(credentials.AccessKeyId.Value, credentials.SecretAccessKey, credentials.SessionToken);

    /// <summary>Alice's MFA code for the current time step.</summary>
    public string MfaCode() => Totp.Code(Seed, Totp.StepAt(Time.GetUtcNow())).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string action) =>
        await _store.AuditLog.QueryAsync(new AuditQuery(null, action, 1000), CancellationToken.None);

    /// <summary>A valid AssumeRole request for the demo role; tests change one member.</summary>
    public static AssumeRoleRequest ValidAssumeRole(string roleArn = DemoRole) =>
        new(roleArn, "s1", null, null, [], [], [], null, null, null, null);

    public void Dispose()
    {
        _store.Dispose();
        if (System.IO.Directory.Exists(_store.DataFolder))
        {
            System.IO.Directory.Delete(_store.DataFolder, recursive: true);
        }
    }

    private async Task<Caller> AuthenticateAsync(string keyId, string secret, string? token)
    {
        var caller = await _authenticator.AuthenticateAsync(SignedCallers.Sign(keyId, secret, token, Time.GetUtcNow()), Directory, CancellationToken.None);
        return caller.IsSuccess ? caller.Value : throw new InvalidOperationException(caller.Error.Code + ": " + caller.Error.Message);
    }

    private static DirectorySnapshot Snapshot()
    {
        var alice = new IamUser(Account, "alice", "AIDAALICE000000000001", "/", [new InlinePolicy("all", AllowAll)], [], [], null, []);
        var key = new AccessKey(AccessKeyId.Parse(AliceKeyId), Account, "alice", AliceSecret, AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);
        IamRole Role(string name, string id, string trust, int max) => new(Account, name, id, "/", trust, [new InlinePolicy("all", AllowAll)], [], max, null, []);
        return new DirectorySnapshot([new AccountSnapshot(
            Account,
            [alice],
            [key],
            [new MfaDevice(MfaSerial, Account, "alice", Seed)],
            [],
            [new ManagedPolicy(Account, "ReadOnly", "ANPAREADONLY00000001", "/", AllowGet)],
            [
                Role("demo", "AROADEMO000000000001", TrustAccount, 3600),
                Role("long", "AROALONG000000000001", TrustAccount, 43200),
                Role("external", "AROAEXTERNAL00000001", TrustWithExternalId, 3600),
                Role("closed", "AROACLOSED0000000001", TrustOtherAccount, 3600),
            ],
            [],
            [])]);
    }

    /// <summary>The one error of a refused result.</summary>
    public static StsError Refused<T>(StsResult<T> result)
    {
        Assert.False(result.IsSuccess);
        return result.Error;
    }
}
