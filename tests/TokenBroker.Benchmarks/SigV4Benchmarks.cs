using Amazon.SecurityToken.Model;
using Amazon.SecurityToken.Model.Internal.MarshallTransformations;
using BenchmarkDotNet.Attributes;
using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Benchmarks;

/// <summary>
/// SigV4 verification of a GetCallerIdentity POST signed by AWSSDK.Core's AWS4Signer, with the signing-key cache warm
/// (the steady state: a key is derived once per secret and day).
/// </summary>
[MemoryDiagnoser]
public class SigV4Benchmarks
{
    private const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    private const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    private SigV4Parser _parser = null!;
    private SigV4Verifier _verifier = null!;
    private SigV4Request _request = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new SigV4Options { Regions = new HashSet<string> { "us-east-1" } };
        _parser = new SigV4Parser(options, TimeProvider.System);
        _verifier = new SigV4Verifier(options);
        _request = SignGetCallerIdentity();
        if (!ParseAndVerify())
        {
            throw new InvalidOperationException("The SDK-signed request does not verify.");
        }
    }

    [Benchmark]
    public bool ParseAndVerify()
    {
        var claims = _parser.Parse(_request);
        return claims.IsSuccess && _verifier.Verify(claims.Value, Secret).IsSuccess;
    }

    [Benchmark]
    public bool ParseOnly() => _parser.Parse(_request).IsSuccess;

    /// <summary>What AmazonSecurityTokenServiceClient sends: form body, content type, x-amz-content-sha256, x-amz-date, host.</summary>
    private static SigV4Request SignGetCallerIdentity() =>
        SdkSignedRequest.Sign(new GetCallerIdentityRequestMarshaller().Marshall(new GetCallerIdentityRequest()), AccessKeyId, Secret);
}
