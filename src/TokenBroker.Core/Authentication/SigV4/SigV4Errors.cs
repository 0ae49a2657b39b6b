using System.Globalization;
using System.Text;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// The SigV4 failures in AWS's wording (as AWS Query services return them; quoted in aws/aws-sdk-js#254,
/// aws/aws-sdk-ruby#508, aws/chalice#828, mhart/aws4#97, aws/aws-sdk-php#2469). Client-supplied values are only
/// echoed where AWS echoes them and never when they could be a secret or token.
/// </summary>
internal static class SigV4Errors
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    public static StsError SignatureDoesNotMatch() => StsErrors.SignatureDoesNotMatch(
        "The request signature we calculated does not match the signature you provided. " +
        "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    /// <summary>
    /// AWS lists every missing part; it also appends "Authorization=&lt;value&gt;", which we leave out because a
    /// misdirected bearer token would be echoed.
    /// </summary>
    public static StsError IncompleteAuthorizationHeader(bool credential, bool signature, bool signedHeaders, bool date)
    {
        var message = new StringBuilder();
        AppendIf(message, !credential, "Authorization header requires 'Credential' parameter.");
        AppendIf(message, !signature, "Authorization header requires 'Signature' parameter.");
        AppendIf(message, !signedHeaders, "Authorization header requires 'SignedHeaders' parameter.");
        AppendIf(message, !date, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
        return StsErrors.IncompleteSignature(message.ToString());
    }

    public static StsError IncompleteQueryParameters(IEnumerable<string> missing)
    {
        var message = new StringBuilder();
        foreach (var name in missing)
        {
            AppendIf(message, true, $"AWS query-string parameters must include '{name}'.");
        }

        AppendIf(message, true, "Re-examine the query-string parameters.");
        return StsErrors.IncompleteSignature(message.ToString());
    }

    public static StsError RepeatedAuthorizationHeader() =>
        StsErrors.IncompleteSignature("Only one Authorization header is allowed.");

    public static StsError RepeatedAuthorizationParameter(string name) =>
        StsErrors.IncompleteSignature($"Authorization header has a repeated '{name}' parameter.");

    public static StsError RepeatedQueryParameter(string name) =>
        StsErrors.IncompleteSignature($"AWS query-string parameter '{name}' appears more than once. Re-examine the query-string parameters.");

    public static StsError BothAuthMechanisms() => StsErrors.IncompleteSignature(
        "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string " +
        "parameter or the Authorization header should be specified");

    public static StsError UnsupportedQueryAlgorithm() =>
        StsErrors.IncompleteSignature("X-Amz-Algorithm only supports 'AWS4-HMAC-SHA256'");

    public static StsError MalformedCredential(string credential) => StsErrors.IncompleteSignature(
        "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '" +
        credential + "'");

    public static StsError MalformedDate(string date) => StsErrors.IncompleteSignature(
        $"Date must be in ISO-8601 'basic format'. Got '{date}'. See http://en.wikipedia.org/wiki/ISO_8601");

    public static StsError MalformedExpires() => StsErrors.IncompleteSignature(
        "X-Amz-Expires must be an integer number of seconds from 1 to 604800 (one week).");

    public static StsError HostNotSigned() => StsErrors.IncompleteSignature(
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");

    public static StsError SecurityTokenNotSigned() => StsErrors.IncompleteSignature(
        "'X-Amz-Security-Token' must be a 'SignedHeader' in the AWS Authorization.");

    public static StsError MalformedSignedHeaders() => StsErrors.IncompleteSignature(
        "'SignedHeaders' must be lowercase header names, sorted and unique, separated by ';'.");

    public static StsError ScopeDateMismatch(string scopeDate, string timestamp) => StsErrors.SignatureDoesNotMatch(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '" +
        scopeDate + "' != '" + timestamp[..8] + "', from '" + timestamp + "'.");

    public static StsError WrongRegion(string region) =>
        StsErrors.SignatureDoesNotMatch($"Credential should be scoped to a valid region, not '{region}'.");

    public static StsError WrongService(string service) =>
        StsErrors.SignatureDoesNotMatch($"Credential should be scoped to correct service: '{service}'.");

    public static StsError WrongTerminator(string terminator) => StsErrors.SignatureDoesNotMatch(
        $"Credential should be scoped with a valid terminator: 'aws4_request', not '{terminator}'.");

    /// <summary>"Signature expired: T is now earlier than N-skew (N - 15 min.)", as STS words clock skew into the past.</summary>
    public static StsError SignatureExpired(DateTimeOffset signed, DateTimeOffset now, TimeSpan skew) =>
        StsErrors.SignatureDoesNotMatch(
            $"Signature expired: {Format(signed)} is now earlier than {Format(now - skew)} ({Format(now)} - {FormatSkew(skew)})");

    /// <summary>"Signature not yet current: T is still later than N+skew (N + 15 min.)", as STS words skew into the future.</summary>
    public static StsError SignatureNotYetCurrent(DateTimeOffset signed, DateTimeOffset now, TimeSpan skew) =>
        StsErrors.SignatureDoesNotMatch(
            $"Signature not yet current: {Format(signed)} is still later than {Format(now + skew)} ({Format(now)} + {FormatSkew(skew)})");

    /// <summary>A presigned URL used after X-Amz-Date + X-Amz-Expires (AWS common errors: RequestExpired).</summary>
    public static StsError PresignedUrlExpired() => StsErrors.RequestExpired("Request has expired.");

    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString(AmzDate.Format, CultureInfo.InvariantCulture);

    private static string FormatSkew(TimeSpan skew) =>
        skew.Ticks % TimeSpan.TicksPerMinute == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(long)skew.TotalMinutes} min.")
            : string.Create(CultureInfo.InvariantCulture, $"{(long)skew.TotalSeconds} sec.");

    private static void AppendIf(StringBuilder message, bool condition, string sentence)
    {
        if (!condition)
        {
            return;
        }

        if (message.Length > 0)
        {
            message.Append(' ');
        }

        message.Append(sentence);
    }
}
