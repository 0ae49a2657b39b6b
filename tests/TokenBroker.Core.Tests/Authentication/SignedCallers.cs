using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.SecurityToken.Model.Internal.MarshallTransformations;
using Amazon.Util;
using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Authentication;

/// <summary>
/// Callers as only authentication makes them: a GetCallerIdentity request signed by AWSSDK.Core's AWS4Signer, whose
/// signature the broker's own parser and verifier check.
/// </summary>
internal static class SignedCallers
{
    public const string Region = "us-east-1";
    private const string Endpoint = "http://sts.local.test";
    private static readonly DateTimeOffset SigningTime = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A request signed with the key at <paramref name="at"/>, carrying <paramref name="token"/> for temporary keys.</summary>
    public static SigV4Request Sign(string accessKeyId, string secret, string? token, DateTimeOffset at)
    {
        IRequest request = new GetCallerIdentityRequestMarshaller().Marshall(new GetCallerIdentityRequest());
        request.Endpoint = new Uri(Endpoint);
        using (var form = AWSSDKUtils.WriteParametersToPooledStream(request))
        {
            request.Content = form.Content.ToArray();
        }

        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        if (token is not null)
        {
            request.Headers["X-Amz-Security-Token"] = token;
        }

        var config = new AmazonSecurityTokenServiceConfig { ServiceURL = Endpoint, AuthenticationRegion = Region };
        var result = new AWS4Signer().SignRequest(request, config, null, accessKeyId, secret, at.UtcDateTime);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        return new SigV4Request("POST", "/", "", request.Headers.ToList(), request.Content);
    }

    /// <summary>An IAM user's caller whose long-term key signed a request that verified.</summary>
    public static Caller LongTerm(IamUser user, string accessKeyId, string secret)
    {
        var options = new SigV4Options { Regions = new HashSet<string> { Region } };
        var claims = new SigV4Parser(options, new FakeTimeProvider(SigningTime)).Parse(Sign(accessKeyId, secret, null, SigningTime));
        var verified = new SigV4Verifier(options).Verify(claims.Value, secret);
        return Caller.LongTerm(user, verified.Value);
    }
}
