using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Authentication.WebIdentity;
using TokenBroker.Core.Model;
using TokenBroker.Tests;

namespace TokenBroker.Benchmarks;

/// <summary>
/// Validating a web identity token with a warm JWKS cache (issue 6 target: ≤ 100 µs). The provider is a loopback
/// HttpListener serving discovery and JWKS once; after the warm-up no request leaves the process.
/// </summary>
[MemoryDiagnoser]
public class WebIdentityBenchmarks : IDisposable
{
    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private HttpListener _listener = null!;
    private OidcHttpClients _clients = null!;
    private WebIdentityTokenValidator _validator = null!;
    private OidcProvider[] _providers = null!;
    private string _rs256 = null!;
    private string _es256 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var port = LoopbackPort.Free();
        var issuer = $"http://127.0.0.1:{port}";
        _listener = new HttpListener();
        _listener.Prefixes.Add(issuer + "/");
        _listener.Start();
        _ = ServeAsync(issuer);

        var settings = new WebIdentitySettings { AllowHttpLoopbackProviders = true, KeysFreshFor = TimeSpan.FromDays(1) };
        _clients = OidcHttpClients.Create(new OidcTlsSettings(), settings);
        _validator = new WebIdentityTokenValidator(new OidcKeySource(_clients, settings, TimeProvider.System), settings, TimeProvider.System);
        _providers = [OidcProvider.Create(AccountId.Parse("111122223333"), issuer, ["sts.amazonaws.com"], allowHttpLoopback: true)];

        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = $$$"""{"iss":"{{{issuer}}}","sub":"repo:octo/app:ref:refs/heads/main","aud":"sts.amazonaws.com","iat":{{{now}}},"exp":{{{now + 86400}}},"jti":"bench","https://aws.amazon.com/tags":{"principal_tags":{"Project":["blue"]},"transitive_tag_keys":["Project"]}}""";
        _rs256 = Sign("""{"alg":"RS256","kid":"rsa","typ":"JWT"}""", claims, data => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        _es256 = Sign("""{"alg":"ES256","kid":"ec","typ":"JWT"}""", claims, data => _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        if (!ValidateRs256().IsSuccess || !ValidateEs256().IsSuccess)
        {
            throw new InvalidOperationException("The benchmark tokens do not validate.");
        }
    }

    [Benchmark]
    public TokenBroker.Core.Errors.StsResult<ValidatedWebIdentityToken> ValidateRs256() =>
        _validator.ValidateAsync(_rs256, _providers, CancellationToken.None).GetAwaiter().GetResult();

    [Benchmark]
    public TokenBroker.Core.Errors.StsResult<ValidatedWebIdentityToken> ValidateEs256() =>
        _validator.ValidateAsync(_es256, _providers, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>The RSA PKCS#1 v1.5 verify alone on the same token, to show what the validator adds around it.</summary>
    [Benchmark]
    public bool VerifyRs256SignatureOnly() => VerifyOnly(_rs256, (data, signature) =>
        _rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>The ECDSA P-256 verify alone on the same token.</summary>
    [Benchmark]
    public bool VerifyEs256SignatureOnly() => VerifyOnly(_es256, (data, signature) =>
        _ec.VerifyData(data, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

    [GlobalCleanup]
    public void Dispose()
    {
        _listener.Close();
        _clients.Dispose();
        _rsa.Dispose();
        _ec.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task ServeAsync(string issuer)
    {
        var rsa = _rsa.ExportParameters(false);
        var ec = _ec.ExportParameters(false);
        var jwks = $$$"""{"keys":[{"kty":"RSA","kid":"rsa","use":"sig","n":"{{{B64(rsa.Modulus!)}}}","e":"{{{B64(rsa.Exponent!)}}}"},{"kty":"EC","kid":"ec","crv":"P-256","x":"{{{B64(ec.Q.X!)}}}","y":"{{{B64(ec.Q.Y!)}}}"}]}""";
        var discovery = $$"""{"issuer":"{{issuer}}","jwks_uri":"{{issuer}}/jwks"}""";
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (HttpListenerException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            var body = Encoding.UTF8.GetBytes(context.Request.Url!.AbsolutePath.EndsWith("/jwks", StringComparison.Ordinal) ? jwks : discovery);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private static bool VerifyOnly(string token, Func<byte[], byte[], bool> verify)
    {
        var dot = token.LastIndexOf('.');
        return verify(Encoding.ASCII.GetBytes(token, 0, dot), Base64Url.DecodeFromChars(token.AsSpan(dot + 1)));
    }

    private static string Sign(string header, string claims, Func<byte[], byte[]> sign)
    {
        var input = B64(Encoding.UTF8.GetBytes(header)) + "." + B64(Encoding.UTF8.GetBytes(claims));
        return input + "." + B64(sign(Encoding.ASCII.GetBytes(input)));
    }

    private static string B64(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
