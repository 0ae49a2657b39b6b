using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>The parser and verifier wired as the Host wires them, with a fake clock set to the signing time.</summary>
internal sealed class SigV4Rig
{
    public SigV4Rig(TimeSpan? maxSkew = null, int cacheCapacity = 1024, TimeSpan clockOffset = default)
    {
        Clock = new FakeTimeProvider(TestKeys.SigningTime + clockOffset);
        Options = new SigV4Options
        {
            Regions = new HashSet<string> { TestKeys.Region, "eu-west-1" },
            MaxSkew = maxSkew ?? TimeSpan.FromMinutes(15),
            SigningKeyCacheCapacity = cacheCapacity,
        };
        Parser = new SigV4Parser(Options, Clock);
        Verifier = new SigV4Verifier(Options);
    }

    /// <summary>The broker's clock, starting at the signing time plus the offset.</summary>
    public FakeTimeProvider Clock { get; }

    public SigV4Options Options { get; }

    public SigV4Parser Parser { get; }

    public SigV4Verifier Verifier { get; }

    /// <summary>Parse, look up the secret as the Host would (here: the test key pairs), verify.</summary>
    public StsResult<VerifiedSigV4Request> Authenticate(SigV4Request request, string? secretOverride = null)
    {
        var claims = Parser.Parse(request);
        if (!claims.IsSuccess)
        {
            return claims.Error!;
        }

        var secret = secretOverride ?? (claims.Value.AccessKeyId.Value == TestKeys.TemporaryAccessKeyId
            ? TestKeys.TemporarySecret
            : TestKeys.Secret);
        return Verifier.Verify(claims.Value, secret);
    }
}
