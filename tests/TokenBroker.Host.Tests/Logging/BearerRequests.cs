using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Amazon.Util;
using OtpNet;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Host.Tests.Hosting;

namespace TokenBroker.Host.Tests.Logging;

/// <summary>
/// Drives every STS operation, and the browser sign-in, in every form a client may send it: a form POST signed in the
/// Authorization header, a presigned GET and a presigned POST (signature, credential scope and session token in the
/// query), and unsigned GET and POST for the token and assertion calls. Signed by AWSSDK.Core's own signers. Remembers
/// every bearer value it sent or received, for the test to look for in the logs.
/// </summary>
public sealed partial class BearerRequests(Uri endpoint, Func<CapturedRequest, Task<(int Status, string Body)>> send)
{
    private static readonly XNamespace Sts = "https://sts.amazonaws.com/doc/2011-06-15/";

    /// <summary>Values that must never be logged: signatures, credential scopes, tokens, assertions, cookies, secrets.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>TOTP codes sent as TokenCode.</summary>
    public List<string> Codes { get; } = [];

    /// <summary>Every request sent: label and answer.</summary>
    public List<(string Label, int Status, string Body)> Answers { get; } = [];

    /// <summary>Runs the whole catalogue.</summary>
    public async Task RunAsync()
    {
        var alice = (TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey, (string?)null);
        Secrets.Add(TestDirectory.AliceKey.SecretAccessKey);
        var code = new Totp(TestDirectory.AliceMfaSeed).ComputeTotp(DateTime.UtcNow);
        Codes.Add(code);

        await SignedAsync(alice, Parameters("GetCallerIdentity"));
        await SignedAsync(alice, Parameters("GetSessionToken", ("DurationSeconds", "900"), ("SerialNumber", TestDirectory.AliceMfaSerial), ("TokenCode", code)));
        await SignedAsync(alice, Parameters("GetAccessKeyInfo", ("AccessKeyId", TestDirectory.CarolKey.AccessKeyId.Value)));
        await SignedAsync(alice, Parameters("AssumeRole", ("RoleArn", "arn:aws:iam::111111111111:role/demo"), ("RoleSessionName", "logs")));
        await SignedAsync(alice, Parameters("AssumeRole", ("RoleArn", "arn:aws:iam::111111111111:role/mfa-required"), ("RoleSessionName", "logs-mfa"),
            ("SerialNumber", TestDirectory.AliceMfaSerial), ("TokenCode", code)));
        await SignedAsync(alice, Parameters("GetFederationToken", ("Name", "logs-federated")));

        // Session credentials: the session token travels in X-Amz-Security-Token, as a header and in the query.
        var session = IssuedCredentials().First();
        await SignedAsync(session, Parameters("GetCallerIdentity"));
        await SignedAsync(session, Parameters("AssumeRole", ("RoleArn", "arn:aws:iam::111111111111:role/chain-2"), ("RoleSessionName", "logs-chain")));

        await UnsignedAsync(Parameters("AssumeRoleWithWebIdentity", ("RoleArn", "arn:aws:iam::111111111111:role/demo"), ("RoleSessionName", "logs-web"),
            ("WebIdentityToken", Remember(WebIdentityToken()))));
        await UnsignedAsync(Parameters("AssumeRoleWithSAML", ("RoleArn", "arn:aws:iam::111111111111:role/demo"),
            ("PrincipalArn", "arn:aws:iam::111111111111:saml-provider/Idp"), ("SAMLAssertion", Remember(SamlResponse()))));

        // The browser sign-in: the IdP's form post, then the role choice with the page's state and the binding cookie.
        await FormAsync("/saml", [("SAMLResponse", Remember(SamlResponse())), ("RelayState", Remember(Random("relay")))], []);
        await FormAsync("/saml/role", [("state", Remember(Random("state"))), ("role", "arn:aws:iam::111111111111:role/demo")],
            [("cookie", "tokenbroker-saml=" + Remember(Random("cookie"))), ("origin", endpoint.GetLeftPart(UriPartial.Authority))]);

        foreach (var (secret, token) in IssuedCredentials().Select(c => (c.Secret, c.Token!)))
        {
            Secrets.Add(secret);
            Secrets.Add(token);
        }
    }

    private static List<KeyValuePair<string, string>> Parameters(string action, params (string Name, string Value)[] parameters) =>
        [new("Action", action), new("Version", "2011-06-15"), .. parameters.Select(p => new KeyValuePair<string, string>(p.Name, p.Value))];

    private async Task SignedAsync((string KeyId, string Secret, string? Token) credentials, List<KeyValuePair<string, string>> parameters)
    {
        var label = parameters[0].Value + (credentials.Token is null ? "" : " (session)");
        await SendAsync(label + " header-signed POST", SignedPost(parameters, credentials));
        await SendAsync(label + " presigned GET", Presigned("GET", parameters, credentials));
        await SendAsync(label + " presigned POST", Presigned("POST", parameters, credentials));
    }

    private async Task UnsignedAsync(List<KeyValuePair<string, string>> parameters)
    {
        var query = Query(parameters);
        await SendAsync(parameters[0].Value + " GET", new CapturedRequest("GET", new Uri(endpoint, "/?" + query), [new("host", endpoint.Authority)], []));
        await SendAsync(parameters[0].Value + " POST", new CapturedRequest("POST", endpoint,
            [new("host", endpoint.Authority), new("content-type", "application/x-www-form-urlencoded; charset=utf-8")], Encoding.UTF8.GetBytes(query)));
    }

    private Task FormAsync(string path, (string Name, string Value)[] form, (string Name, string Value)[] headers) =>
        SendAsync("POST " + path, new CapturedRequest("POST", new Uri(endpoint, path),
            [new("host", endpoint.Authority), new("content-type", "application/x-www-form-urlencoded"), .. headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value))],
            Encoding.UTF8.GetBytes(Query(form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))))));

    private async Task SendAsync(string label, CapturedRequest request)
    {
        var (status, body) = await send(request);
        Answers.Add((label, status, body));
    }

    private CapturedRequest SignedPost(List<KeyValuePair<string, string>> parameters, (string KeyId, string Secret, string? Token) credentials)
    {
        var request = SdkRequest("POST", parameters);
        using (var form = AWSSDKUtils.WriteParametersToPooledStream(request))
        {
            request.Content = form.Content.ToArray();
        }

        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        if (credentials.Token is not null)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var result = new AWS4Signer().SignRequest(request, Config(), null, credentials.KeyId, credentials.Secret, DateTime.UtcNow);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;
        Remember(result.Signature);
        Remember(result.ForAuthorizationHeader);
        Remember(CredentialScope(result.ForAuthorizationHeader));
        return Captured("POST", endpoint, request, request.Content);
    }

    private CapturedRequest Presigned(string method, List<KeyValuePair<string, string>> parameters, (string KeyId, string Secret, string? Token) credentials)
    {
        var request = SdkRequest(method, parameters);
        request.UseQueryString = true;
        request.Parameters["X-Amz-Expires"] = "300";
        if (credentials.Token is not null)
        {
            request.Parameters["X-Amz-Security-Token"] = credentials.Token;
        }

        var result = AWS4PreSignedUrlSigner.SignRequest(request, Config(), null, credentials.KeyId, credentials.Secret, "sts", "us-east-1", DateTime.UtcNow);
        Remember(result.Signature);
        Remember(Uri.UnescapeDataString(Regex.Match(result.ForQueryParameters, "X-Amz-Credential=([^&]+)").Groups[1].Value));
        var query = string.Join('&', request.Parameters.Select(p => p.Key + "=" + AWSSDKUtils.UrlEncode(p.Value, false)))
            + "&" + result.ForQueryParameters;
        return Captured(method, new Uri(endpoint, "/?" + query), request, []);
    }

    private DefaultRequest SdkRequest(string method, List<KeyValuePair<string, string>> parameters)
    {
        var request = new DefaultRequest(new GetCallerIdentityRequest(), "AmazonSecurityTokenService") { HttpMethod = method, Endpoint = endpoint };
        foreach (var (name, value) in parameters)
        {
            request.Parameters.Add(name, value);
        }

        return request;
    }

    private static CapturedRequest Captured(string method, Uri uri, DefaultRequest request, byte[] body) =>
        new(method, uri, request.Headers.Select(h => new KeyValuePair<string, string>(h.Key.ToLowerInvariant(), h.Value)).ToList(), body);

    private AmazonSecurityTokenServiceConfig Config() => new() { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1" };

    private IEnumerable<(string KeyId, string Secret, string? Token)> IssuedCredentials() =>
        Answers.Where(a => a.Status == 200 && a.Body.Contains("<SessionToken>", StringComparison.Ordinal)).Select(a =>
        {
            var credentials = XDocument.Parse(a.Body).Descendants(Sts + "Credentials").Single();
            return (credentials.Element(Sts + "AccessKeyId")!.Value, credentials.Element(Sts + "SecretAccessKey")!.Value,
                (string?)credentials.Element(Sts + "SessionToken")!.Value);
        });

    private static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Key) + "=" + Uri.EscapeDataString(p.Value)));

    private static string CredentialScope(string authorization) => CredentialPart().Match(authorization).Groups[1].Value;

    private string Remember(string secret)
    {
        Secrets.Add(secret);
        return secret;
    }

    private static string Random(string purpose) => purpose + "-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    // A token shaped as a real one (RS256 header, claims, 256-byte signature), random so that it is found only where it leaked.
    private static string WebIdentityToken() => string.Join('.',
        Base64Url("{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"k1\"}"u8.ToArray()),
        Base64Url(Encoding.UTF8.GetBytes("{\"iss\":\"https://idp.example.test\",\"sub\":\"" + Random("sub") + "\",\"aud\":\"sts\"}")),
        Base64Url(RandomNumberGenerator.GetBytes(256)));

    private static string SamlResponse() => Convert.ToBase64String(Encoding.UTF8.GetBytes(
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_" + Random("id") + "\"><Signature>"
        + Convert.ToBase64String(RandomNumberGenerator.GetBytes(256)) + "</Signature></samlp:Response>"));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [GeneratedRegex("Credential=([^,]+)", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialPart();
}
