using System.Buffers.Text;
using System.Text;
using CsCheck;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>
/// Generators for what an attacker controls: STS Query forms and query strings, JSON policy documents, JWT shapes,
/// SAML XML, browser sign-in forms, and the headers SigV4 reads. Each mixes well-formed shapes with hostile values
/// (bad percent-escapes, invalid UTF-8, lone-surrogate escapes, huge numbers, end-of-time dates, DTDs).
/// </summary>
internal static class FuzzInputs
{
    public static readonly string[] Actions =
    [
        "AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity", "GetFederationToken", "GetSessionToken",
        "GetCallerIdentity", "GetAccessKeyInfo", "DecodeAuthorizationMessage", "",
    ];

    private static readonly string[] ParameterNames =
    [
        "RoleArn", "RoleSessionName", "DurationSeconds", "Policy", "PolicyArns.member.1.arn", "PolicyArns.member.2.arn",
        "Tags.member.1.Key", "Tags.member.1.Value", "TransitiveTagKeys.member.1", "ExternalId", "SerialNumber", "TokenCode",
        "SourceIdentity", "WebIdentityToken", "ProviderId", "SAMLAssertion", "PrincipalArn", "Name", "AccessKeyId",
        "Version", "Action", "X-Amz-Date", "X-Amz-Signature", "X-Amz-Credential", "X-Amz-Expires", "X-Amz-SignedHeaders",
        "X-Amz-Algorithm", "X-Amz-Security-Token", "", "Tags.member.99999999999.Key", "PolicyArns.member.-1.arn",
    ];

    private static readonly string[] HostileText =
    [
        "", " ", "%", "%Z", "%ZZ", "%C3%28", "%FF", "%ED%A0%80", "%F4%90%80%80", "%00", "%C0%AF", "\u0000", "\u00e9", "\U0001F600",
        "-1", "0", "1", "900", "43200", "129600", "2147483647", "2147483648", "-2147483649", "99999999999999999999", "1e400",
        "NaN", "9999-12-31T23:59:59Z", "0001-01-01T00:00:00Z", "99991231T235959Z", "00010101T000000Z", "20261301T250000Z",
        "arn:aws:iam::111111111111:role/demo", "arn:aws:iam::111122223333:saml-provider/TestIdp", "arn:aws:iam::111111111111:mfa/alice",
        "arn:aws:iam::*:role/*", "arn:", "arn:aws:iam::1:role/", "alice", "a,b=c@d", "aws:x", "123456", "12345", "١٢٣٤٥٦",
        "AKIA0000000000000000", "ASIA0000000000000000", new string('a', 300), new string('%', 64), "\\ud800", "\"\\ud800\"",
        "<x/>", "&amp;", "&#0;", "${aws:username}", "*", "?", "[]", "{}",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-1", "1700000000", "253402300799", "253402300800", "9223372036854775807", "9223372036854775808",
        "-9223372036854775809", "1e308", "1e400", "0.5", "\"1700000000\"", "null", "true", "[]", "{}",
    ];

    private static readonly string[] Instants =
    [
        "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.9999999Z", "0001-01-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-11-01T12:00:00", "2026-11-01T12:00:00+14:00", "not a date", "", "10000-01-01T00:00:00Z",
    ];

    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.OneOf(HostileText),
        Gen.String[Gen.Char["abcAZ09%+=&,.@-_:/*?${}[]\"\\ \u00e9\u0000"], 0, 40]);

    /// <summary>A JSON string literal, sometimes holding an escape that decodes to no valid text.</summary>
    private static readonly Gen<string> JsonString = Gen.OneOf(
        Text.Select(t => "\"" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\""),
        Gen.OneOf("\"\\ud800\"", "\"\\udc00\"", "\"a\\ud83d\"", "\"\\u0000\"", "\"\\uZZZZ\"", "\"\\", "\"unterminated"));

    private static readonly Gen<string> JsonValue = Gen.OneOf(JsonString, Gen.OneOf(Numbers));

    /// <summary>Policy documents: the real shape with hostile values, truncated or deeply nested variants, and noise.</summary>
    public static readonly Gen<string> PolicyJson = Gen.OneOf(
        Gen.Select(JsonValue, JsonValue, JsonValue, JsonString, JsonValue).Select((action, resource, effect, key, value) =>
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":" + effect + ",\"Action\":" + action + ",\"Resource\":" + resource
            + ",\"Condition\":{\"StringLike\":{" + key + ":" + value + "}}}]}"),
        Gen.Select(JsonValue, Gen.Int[0, 120]).Select((action, cut) =>
        {
            var policy = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":" + action + ",\"Resource\":\"*\"}}";
            return policy[..Math.Min(cut, policy.Length)];
        }),
        Gen.Int[1, 400].Select(depth => new string('[', depth) + new string(']', depth)),
        Gen.String[Gen.Char["{}[]\":,\\u0123456789abcdefAllowEffect "], 0, 80]);

    private static readonly Gen<string> Segment = Gen.OneOf(
        Gen.String[Gen.Char["ABCabc0189-_=+/."], 0, 24],
        Gen.Byte.Array[0, 24].Select(bytes => Base64Url.EncodeToString(bytes)));

    /// <summary>JWT shapes: header and claims JSON with hostile members, raw invalid UTF-8, odd part counts.</summary>
    public static readonly Gen<string> Jwt = Gen.OneOf(
        Gen.Select(Gen.OneOf(JsonValue, Gen.OneOf("\"RS256\"", "\"ES256\"", "\"none\"", "\"HS256\"")), Gen.OneOf(JsonValue, Gen.Const("\"k1\"")), JsonValue, Gen.OneOf(Numbers), Gen.OneOf(Numbers), Gen.Bool).Select(
            (alg, kid, iss, exp, iat, registered) =>
            {
                var header = "{\"alg\":" + alg + ",\"kid\":" + kid + ",\"typ\":\"JWT\"}";
                var issuer = registered ? "\"" + FuzzBrokerFixture.OidcIssuer + "\"" : iss;
                var claims = "{\"iss\":" + issuer + ",\"sub\":\"subject-0001\",\"aud\":\"client-1\",\"exp\":" + exp + ",\"iat\":" + iat + ",\"jti\":" + kid + "}";
                return Encode(Encoding.UTF8.GetBytes(header)) + "." + Encode(Encoding.UTF8.GetBytes(claims)) + ".c2ln";
            }),
        Gen.Select(Gen.Byte.Array[1, 4], Gen.Bool).Select((bad, inAlg) =>
        {
            byte[] header = [.. "{\"alg\":\"RS"u8, .. (inAlg ? bad : []), .. "256\",\"kid\":\"k1\"}"u8];
            byte[] claims = [.. "{\"iss\":\""u8, .. Encoding.UTF8.GetBytes(FuzzBrokerFixture.OidcIssuer), .. (inAlg ? [] : bad), .. "\",\"exp\":1}"u8];
            return Encode(header) + "." + Encode(claims) + ".c2ln";
        }),
        Segment.Array[0, 6].Select(parts => string.Join('.', parts)));

    /// <summary>SAML responses: the real skeleton with hostile dates, IDs and attributes; DTDs; noise; then base64 of it, or not.</summary>
    public static readonly Gen<string> SamlAssertion = Gen.Select(
        Gen.OneOf(
            Gen.Select(Gen.OneOf(Instants), Gen.OneOf(Instants), Text, Text).Select((issued, notOnOrAfter, id, value) =>
                "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" ID=\"_r1\" Version=\"2.0\" IssueInstant=\"" + issued + "\">"
                + "<saml:Issuer>https://idp.example.test/metadata</saml:Issuer><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + "<saml:Assertion ID=\"" + System.Security.SecurityElement.Escape(id) + "\" Version=\"2.0\" IssueInstant=\"" + issued + "\"><saml:Issuer>https://idp.example.test/metadata</saml:Issuer>"
                + "<saml:Subject><saml:NameID>alice</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData NotOnOrAfter=\"" + notOnOrAfter + "\" Recipient=\"x\"/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotOnOrAfter=\"" + notOnOrAfter + "\"/><saml:AttributeStatement><saml:Attribute Name=\"https://aws.amazon.com/SAML/Attributes/Role\"><saml:AttributeValue>"
                + System.Security.SecurityElement.Escape(value) + "</saml:AttributeValue></saml:Attribute></saml:AttributeStatement></saml:Assertion></samlp:Response>"),
            Gen.OneOf(
                "<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]><r>&b;</r>",
                "<!DOCTYPE r SYSTEM \"file:///etc/passwd\"><r/>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?><r/>",
                "<r xmlns=\"&#0;\"/>", "<", "", "<a><b></a>"),
            Gen.String[Gen.Char["<>/=\"' !-x&;:#a0+Z\n"], 0, 60]),
        Gen.Int[0, 3]).Select((xml, encoding) => encoding switch
        {
            0 => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)),
            1 => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml + " "))[..^1],
            2 => xml,
            _ => Convert.ToBase64String([0xEF, 0xBB, 0xBF, 0xFF, .. Encoding.UTF8.GetBytes(xml)]),
        });

    /// <summary>Session tokens: hostile text, random bytes in base64 and base64url, and JWT shapes.</summary>
    public static readonly Gen<string> SessionToken = Gen.OneOf(
        Text,
        Gen.Byte.Array[0, 600].Select(Convert.ToBase64String),
        Gen.Byte.Array[0, 600].Select(bytes => Base64Url.EncodeToString(bytes)),
        Gen.Select(Gen.Byte[0, 255], Gen.Byte.Array[0, 300]).Select((version, rest) => Convert.ToBase64String([version, .. rest])),
        Jwt);

    /// <summary>A value for a parameter: structured for the parameters that carry documents, hostile text otherwise.</summary>
    private static Gen<string> ValueFor(string name) => name switch
    {
        "Policy" => PolicyJson,
        "WebIdentityToken" => Jwt,
        "SAMLAssertion" => SamlAssertion,
        _ => Text,
    };

    private static readonly Gen<string> Pair = Gen.OneOf(ParameterNames).SelectMany(name => Gen.Select(ValueFor(name), Gen.Int[0, 2])
        .Select((value, encoding) => encoding switch
        {
            0 => name + "=" + Uri.EscapeDataString(value),
            1 => name + "=" + value,
            _ => name,
        }));

    /// <summary>An STS Query form: Action and Version (usually right), then hostile parameters.</summary>
    public static readonly Gen<string> StsForm = Gen.Select(Gen.OneOf(Actions), Gen.Frequency((9, Gen.Const("2011-06-15")), (1, Text)), Pair.Array[0, 8])
        .Select((action, version, pairs) => string.Join('&', ["Action=" + action, "Version=" + Uri.EscapeDataString(version), .. pairs]));

    /// <summary>A form AssumeRole or GetFederationToken accepts as far as the session policy, so the policy parser runs.</summary>
    public static readonly Gen<string> SessionPolicyForm = Gen.Select(Gen.Bool, PolicyJson).Select((assumeRole, policy) => assumeRole
        ? "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2Fdemo&RoleSessionName=fuzz&Policy=" + Uri.EscapeDataString(policy)
        : "Action=GetFederationToken&Version=2011-06-15&Name=fuzz&Policy=" + Uri.EscapeDataString(policy));

    /// <summary>AssumeRoleWithWebIdentity or AssumeRoleWithSAML with valid parameters around a generated token or assertion.</summary>
    public static readonly Gen<string> FederationForm = Gen.OneOf(
        Jwt.Select(token => "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FSamlReader"
            + "&RoleSessionName=fuzz&WebIdentityToken=" + Uri.EscapeDataString(token)),
        SamlAssertion.Select(assertion => "Action=AssumeRoleWithSAML&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Arole%2FSamlReader"
            + "&PrincipalArn=arn%3Aaws%3Aiam%3A%3A111122223333%3Asaml-provider%2FTestIdp&SAMLAssertion=" + Uri.EscapeDataString(assertion)));

    /// <summary>The browser sign-in form: SAMLResponse, RelayState, state and role.</summary>
    public static readonly Gen<string> SignInForm = Gen.Select(SamlAssertion, Text, Text).Select((response, state, role) =>
        "SAMLResponse=" + Uri.EscapeDataString(response) + "&RelayState=" + Uri.EscapeDataString(state) + "&state=" + state + "&role=" + Uri.EscapeDataString(role));

    private static string Encode(byte[] bytes) => Base64Url.EncodeToString(bytes);
}
