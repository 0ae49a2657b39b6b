using System.Globalization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// Step 1 of SigV4 authentication: reads the Authorization header form or the presigned query-string form, checks
/// the credential scope, the signed-header list and the clock, and returns the claims without touching any secret.
/// </summary>
/// <remarks>
/// Use in two steps: <c>var claims = parser.Parse(request)</c>; on success find the secret for
/// <c>claims.Value.AccessKeyId</c> (the directory for AKIA keys, the session token in
/// <c>claims.Value.SecurityToken</c> for ASIA keys), answering InvalidClientTokenId when there is none or it is
/// inactive; then <c>verifier.Verify(claims.Value, secret)</c>. Errors come in AWS's order of checks.
/// </remarks>
public sealed class SigV4Parser
{
    private const string AlgorithmPrefix = SigV4Errors.Algorithm + " ";
    private const int MaxExpiresSeconds = 604800;

    private readonly SigV4Options _options;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates a parser that accepts the options' regions and service within its clock skew.</summary>
    public SigV4Parser(SigV4Options options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>The request's SigV4 claims, or MissingAuthenticationToken, IncompleteSignature, InvalidClientTokenId, SignatureDoesNotMatch or RequestExpired.</summary>
    public StsResult<SigV4Claims> Parse(SigV4Request request) => Parse(request, _options.Service, _options.Regions);

    /// <summary>
    /// The request's SigV4 claims when its credential scope names <paramref name="service"/> and one of
    /// <paramref name="regions"/> (the IAM endpoint and the authorization endpoint accept other scopes than STS's).
    /// </summary>
    public StsResult<SigV4Claims> Parse(SigV4Request request, string service, IReadOnlySet<string> regions)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(regions);
        var expected = new ExpectedScope(service, regions);
        var authorization = SigV4Headers.Join(request.Headers, "authorization");
        if (string.IsNullOrWhiteSpace(authorization))
        {
            // An empty header (some proxies add one) carries no credentials; treat it as absent.
            authorization = null;
        }

        var query = QueryAuthParameters.Read(request.RawQuery);
        if (authorization is not null && query.RequestsQueryAuth)
        {
            return SigV4Errors.BothAuthMechanisms();
        }

        if (authorization is not null)
        {
            // Two Authorization headers are ambiguous (a proxy may read the other one), so refuse rather than pick.
            return SigV4Headers.Count(request.Headers, "authorization") > 1
                ? SigV4Errors.RepeatedAuthorizationHeader()
                : ParseHeaderForm(request, authorization, expected);
        }

        return query.RequestsQueryAuth ? ParseQueryForm(request, query, expected) : StsErrors.MissingAuthenticationToken();
    }

    private StsResult<SigV4Claims> ParseHeaderForm(SigV4Request request, string authorization, ExpectedScope expected)
    {
        string? credential = null, signedHeaders = null, signature = null;
        var value = authorization.AsSpan().Trim();
        if (value.StartsWith(AlgorithmPrefix, StringComparison.Ordinal))
        {
            var parameters = value[AlgorithmPrefix.Length..];
            foreach (var range in parameters.Split(','))
            {
                var repeated = ReadParameter(parameters[range].Trim(), ref credential, ref signedHeaders, ref signature);
                if (repeated is not null)
                {
                    return SigV4Errors.RepeatedAuthorizationParameter(repeated);
                }
            }
        }

        var amzDate = SigV4Headers.Join(request.Headers, "x-amz-date");
        var date = amzDate ?? SigV4Headers.Join(request.Headers, "date");
        if (credential is null || signedHeaders is null || signature is null || date is null)
        {
            return SigV4Errors.IncompleteAuthorizationHeader(
                credential is not null, signature is not null, signedHeaders is not null, date is not null);
        }

        var time = ParseTime(date, isDateHeader: amzDate is null);
        var token = SigV4Headers.Join(request.Headers, "x-amz-security-token");
        return time.IsSuccess
            ? BuildClaims(request, new Signing(
                credential, signedHeaders, signature, time.Value, token, TokenInHeader: token is not null, IsPresigned: false, ExpiresSeconds: null), expected)
            : time.Error;
    }

    private StsResult<SigV4Claims> ParseQueryForm(SigV4Request request, QueryAuthParameters query, ExpectedScope expected)
    {
        if (query.Repeated is not null)
        {
            return SigV4Errors.RepeatedQueryParameter(query.Repeated);
        }

        string[] required =
        [
            QueryAuthParameters.Algorithm, QueryAuthParameters.Credential, QueryAuthParameters.Signature,
            QueryAuthParameters.SignedHeaders, QueryAuthParameters.Date,
        ];
        var missing = Array.FindAll(required, name => query[name] is null);
        if (missing.Length > 0)
        {
            return SigV4Errors.IncompleteQueryParameters(missing);
        }

        if (query[QueryAuthParameters.Algorithm] != SigV4Errors.Algorithm)
        {
            return SigV4Errors.UnsupportedQueryAlgorithm();
        }

        var expires = ParseExpires(query[QueryAuthParameters.Expires]);
        if (!expires.IsSuccess)
        {
            return expires.Error;
        }

        var time = ParseTime(query[QueryAuthParameters.Date]!, isDateHeader: false);
        if (!time.IsSuccess)
        {
            return time.Error;
        }

        // The query token is covered by the canonical query string; a token sent as a header must be a signed header.
        var headerToken = SigV4Headers.Join(request.Headers, "x-amz-security-token");
        var queryToken = query[QueryAuthParameters.SecurityToken];
        return BuildClaims(request, new Signing(
            query[QueryAuthParameters.Credential]!, query[QueryAuthParameters.SignedHeaders]!,
            query[QueryAuthParameters.Signature]!, time.Value, queryToken ?? headerToken,
            TokenInHeader: queryToken is null && headerToken is not null, IsPresigned: true, expires.Value), expected);
    }

    /// <summary>The checks both forms share, in AWS's order: credential shape, key id, scope, signed headers, clock.</summary>
    private StsResult<SigV4Claims> BuildClaims(SigV4Request request, Signing signing, ExpectedScope expected)
    {
        var scope = CredentialScope.TryParse(signing.Credential);
        if (scope is null)
        {
            return SigV4Errors.MalformedCredential(signing.Credential);
        }

        if (!AccessKeyId.TryParse(scope.AccessKeyId, out var accessKeyId))
        {
            return StsErrors.InvalidClientTokenId();
        }

        var timestamp = SigV4Errors.Format(signing.Time);
        var scopeError = CheckScope(scope, timestamp, expected);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var headersError = CheckSignedHeaders(signing);
        if (headersError is not null)
        {
            return headersError;
        }

        var clockError = CheckClock(signing);
        if (clockError is not null)
        {
            return clockError;
        }

        return new SigV4Claims(
            request, accessKeyId, scope, timestamp, signing.Time, signing.SignedHeaders, signing.Signature,
            signing.SecurityToken, signing.IsPresigned);
    }

    private static StsError? CheckScope(CredentialScope scope, string timestamp, ExpectedScope expected)
    {
        if (!timestamp.AsSpan(0, 8).SequenceEqual(scope.Date))
        {
            return SigV4Errors.ScopeDateMismatch(scope.Date, timestamp);
        }

        if (!expected.Regions.Contains(scope.Region))
        {
            return SigV4Errors.WrongRegion(scope.Region);
        }

        if (scope.Service != expected.Service)
        {
            return SigV4Errors.WrongService(expected.Service);
        }

        return scope.Terminator == CredentialScope.Aws4Request ? null : SigV4Errors.WrongTerminator(scope.Terminator);
    }

    /// <summary>
    /// SignedHeaders must be lowercase, sorted and unique (it is part of the canonical request as sent), must include
    /// host, and must include x-amz-security-token when the session token comes in that header (SigV4 docs:
    /// temporary credentials "must add this header in the list of CanonicalHeaders").
    /// </summary>
    private static StsError? CheckSignedHeaders(Signing signing)
    {
        var names = signing.SignedHeaders.AsSpan();
        ReadOnlySpan<char> previous = default;
        bool host = false, token = false, first = true;
        foreach (var range in names.Split(';'))
        {
            var name = names[range];
            if (name.IsEmpty || name.ContainsAnyInRange('A', 'Z') || (!first && name.SequenceCompareTo(previous) <= 0))
            {
                return SigV4Errors.MalformedSignedHeaders();
            }

            host |= name is "host";
            token |= name is "x-amz-security-token";
            previous = name;
            first = false;
        }

        if (!host)
        {
            return SigV4Errors.HostNotSigned();
        }

        return signing.TokenInHeader && !token ? SigV4Errors.SecurityTokenNotSigned() : null;
    }

    /// <summary>
    /// The signing time must be within MaxSkew of now either way; a presigned URL also ends at X-Amz-Date +
    /// X-Amz-Expires. Real STS ignores X-Amz-Expires and allows 15 minutes (aws/aws-sdk-go#2167); we honour the
    /// shorter of the two.
    /// </summary>
    private StsError? CheckClock(Signing signing)
    {
        var now = _timeProvider.GetUtcNow();
        var skew = _options.MaxSkew;
        if (signing.Time < now - skew)
        {
            return SigV4Errors.SignatureExpired(signing.Time, now, skew);
        }

        if (signing.Time > now + skew)
        {
            return SigV4Errors.SignatureNotYetCurrent(signing.Time, now, skew);
        }

        return signing.ExpiresSeconds is { } expires && now > signing.Time.AddSeconds(expires)
            ? SigV4Errors.PresignedUrlExpired()
            : null;
    }

    private static StsResult<DateTimeOffset> ParseTime(string text, bool isDateHeader)
    {
        var parsed = isDateHeader ? AmzDate.TryParseDateHeader(text, out var time) : AmzDate.TryParseBasic(text, out time);
        return parsed ? time : SigV4Errors.MalformedDate(text);
    }

    /// <summary>X-Amz-Expires is optional for STS; when present it is 1..604800 seconds (SigV4 query-string auth).</summary>
    private static StsResult<int?> ParseExpires(string? text)
    {
        if (text is null)
        {
            return (int?)null;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) &&
               seconds is >= 1 and <= MaxExpiresSeconds
            ? seconds
            : SigV4Errors.MalformedExpires();
    }

    /// <summary>Reads one "Name=value" of the Authorization header; returns the name when it is repeated.</summary>
    private static string? ReadParameter(
        ReadOnlySpan<char> parameter, ref string? credential, ref string? signedHeaders, ref string? signature)
    {
        var equals = parameter.IndexOf('=');
        if (equals < 0)
        {
            return null;
        }

        var value = parameter[(equals + 1)..].Trim().ToString();
        return parameter[..equals].Trim() switch
        {
            "Credential" => Assign(ref credential, value, "Credential"),
            "SignedHeaders" => Assign(ref signedHeaders, value, "SignedHeaders"),
            "Signature" => Assign(ref signature, value, "Signature"),
            _ => null,
        };
    }

    private static string? Assign(ref string? slot, string value, string name)
    {
        if (slot is not null)
        {
            return name;
        }

        slot = value;
        return null;
    }

    private readonly record struct Signing(
        string Credential,
        string SignedHeaders,
        string Signature,
        DateTimeOffset Time,
        string? SecurityToken,
        bool TokenInHeader,
        bool IsPresigned,
        int? ExpiresSeconds);

    private readonly record struct ExpectedScope(string Service, IReadOnlySet<string> Regions);
}
