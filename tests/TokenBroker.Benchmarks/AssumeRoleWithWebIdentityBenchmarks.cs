using TokenBroker.Core.Audit;
using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;
using TokenBroker.Embedded;
using TokenBroker.Policy;
using TokenBroker.Tests;

namespace TokenBroker.Benchmarks;

/// <summary>
/// The whole AssumeRoleWithWebIdentity in process (issue 6): parameters, role and provider from SQLite, RS256 token
/// validation with a warm JWKS cache, trust policy with aud/sub conditions, session tags, and issuance of a signed
/// session token. The provider is a loopback HttpListener used once during setup.
/// </summary>
[MemoryDiagnoser]
public class AssumeRoleWithWebIdentityBenchmarks : IDisposable
{
    private static readonly AccountId Account = AccountId.Parse("111122223333");
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-web-" + Guid.NewGuid().ToString("N"));
    private HttpListener _listener = null!;
    private EmbeddedStore _store = null!;
    private OidcHttpClients _clients = null!;
    private AssumeRoleWithWebIdentityOperation _operation = null!;
    private DirectoryView _directory = null!;
    private QueryParameters _parameters = null!;
    private readonly CallContext _call = new("bench", "127.0.0.1", "bench", true, "us-east-1");

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var issuer = $"http://127.0.0.1:{LoopbackPort.Free()}";
        _listener = new HttpListener();
        _listener.Prefixes.Add(issuer + "/");
        _listener.Start();
        _ = ServeAsync(issuer);

        _store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        var provider = OidcProvider.Create(Account, issuer, ["sts.amazonaws.com"], allowHttpLoopback: true);
        await _store.Directory.ReplaceAsync(new DirectorySnapshot([new AccountSnapshot(Account, [], [], [], [], [], [Role(provider)], [], [provider])]),
            CancellationToken.None);

        var settings = new WebIdentitySettings { AllowHttpLoopbackProviders = true, KeysFreshFor = TimeSpan.FromDays(1) };
        _clients = OidcHttpClients.Create(new OidcTlsSettings(), settings);
        var validator = new WebIdentityTokenValidator(new OidcKeySource(_clients, settings, TimeProvider.System), settings, TimeProvider.System);
        var cache = new PolicyCache();
        var issuerOfCredentials = new CredentialIssuer(_store.KeyRing, new SecretAccessKeyDeriver(_store.KeyRing, _store.KeyRecords), TimeProvider.System);
        _operation = new AssumeRoleWithWebIdentityOperation(validator, _store.CreateReplayCache(TimeProvider.System), settings,
            new PolicyResolver(cache), cache, issuerOfCredentials, new CredentialAudit(_store.AuditLog, TimeProvider.System), TimeProvider.System);
        _directory = await _store.Directory.LoadAsync(CancellationToken.None);

        // No jti, as oidc-provider's ID tokens: each iteration presents the same token without touching the replay cache.
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = $$$"""{"iss":"{{{issuer}}}","sub":"repo:octo/app:ref:refs/heads/main","aud":"sts.amazonaws.com","iat":{{{now}}},"exp":{{{now + 86400}}},"https://aws.amazon.com/tags":{"principal_tags":{"Project":["blue"]},"transitive_tag_keys":["Project"]}}""";
        var input = B64(Encoding.UTF8.GetBytes("""{"alg":"RS256","kid":"rsa","typ":"JWT"}""")) + "." + B64(Encoding.UTF8.GetBytes(claims));
        var token = input + "." + B64(_rsa.SignData(Encoding.ASCII.GetBytes(input), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        _parameters = QueryParameters.Parse(
            "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleSessionName=build-42&RoleArn="
            + Uri.EscapeDataString("arn:aws:iam::111122223333:role/github-deploy") + "&WebIdentityToken=" + token).Value;
        var first = await _operation.ExecuteAsync(_directory, AssumeRoleWithWebIdentityRequest.Bind(_parameters).Value, _call, CancellationToken.None);
        if (!first.IsSuccess)
        {
            throw new InvalidOperationException("The benchmark request fails: " + first.Error!.Message);
        }
    }

    [Benchmark(Description = "AssumeRoleWithWebIdentity in process (RS256, warm keys, SQLite directory)")]
    public bool AssumeRoleWithWebIdentity() =>
        _operation.ExecuteAsync(_directory, AssumeRoleWithWebIdentityRequest.Bind(_parameters).Value, _call, CancellationToken.None).GetAwaiter().GetResult().IsSuccess;

    [GlobalCleanup]
    public void Dispose()
    {
        _listener.Close();
        _clients.Dispose();
        _store.Dispose();
        _rsa.Dispose();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }

    private static IamRole Role(OidcProvider provider)
    {
        var host = provider.HostPath;
        var trust = $$$$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"{{{{provider.Arn}}}}"},"Action":["sts:AssumeRoleWithWebIdentity","sts:TagSession"],"Condition":{"StringEquals":{"{{{{host}}}}:aud":"sts.amazonaws.com"},"StringLike":{"{{{{host}}}}:sub":"repo:octo/app:*"}}}]}""";
        return new IamRole(Account, "github-deploy", "AROAGITHUBDEPLOY00001", "/", trust,
            [new InlinePolicy("deploy", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:PutObject","Resource":"*"}]}""")],
            [], 3600, null, []);
    }

    private async Task ServeAsync(string issuer)
    {
        var rsa = _rsa.ExportParameters(false);
        var jwks = $$$"""{"keys":[{"kty":"RSA","kid":"rsa","use":"sig","n":"{{{B64(rsa.Modulus!)}}}","e":"{{{B64(rsa.Exponent!)}}}"}]}""";
        var discovery = $$"""{"issuer":"{{issuer}}","jwks_uri":"{{issuer}}/jwks"}""";
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            var body = Encoding.UTF8.GetBytes(context.Request.Url!.AbsolutePath.EndsWith("/jwks", StringComparison.Ordinal) ? jwks : discovery);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
