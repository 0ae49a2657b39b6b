using System.Text;
using CsCheck;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Robustness;

/// <summary>
/// Property: no input to any endpoint yields a 5xx or an error log. Generated STS forms and query strings (unsigned and
/// signed with a real key, so the session-policy JSON parser runs), JWT shapes, SAML XML and browser sign-in forms go
/// to a real broker over a loopback socket. A fixed seed makes the run repeatable; the count and a time budget bound it.
/// </summary>
public sealed class NoServerErrorPropertyTests(FuzzBrokerFixture broker) : IClassFixture<FuzzBrokerFixture>
{
    /// <summary>Any seed CsCheck printed reproduces that run; this one is fixed so CI runs the same inputs every time.</summary>
    private const string Seed = "0N0XIzNsQ0O2";
    private const int Requests = 1500;
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(40);

    private static readonly string[] ContentTypes =
    [
        "application/x-www-form-urlencoded", "application/x-www-form-urlencoded; charset=utf-8", "multipart/form-data; boundary=x",
        "multipart/form-data", "application/json", "text/xml", "", "application/x-www-form-urlencoded; charset=\"",
    ];

    private static readonly string[] SignInPaths =
    [
        "saml", "saml/role", "saml/acs/111122223333/TestIdp", "saml/acs/111122223333/TestIdpEncrypted", "saml/acs/%FF/x",
        "saml/acs/111122223333/%2e%2e", "saml/acs/1/2",
    ];

    private static readonly string[] AuthorizationHeaders =
    [
        "AWS4-HMAC-SHA256", "AWS4-HMAC-SHA256 Credential=AKIA0000000000000000/99991231/us-east-1/sts/aws4_request, SignedHeaders=host, Signature=00",
        "AWS4-HMAC-SHA256 Credential=/, SignedHeaders=, Signature=", "AWS4-HMAC-SHA256 Credential=a/b/c/d/e/f/g, SignedHeaders=host;host, Signature=zz",
        "Bearer x", "AWS4-HMAC-SHA256 Credential=AKIA0000000000000000/20260101/us-east-1/sts/aws4_request,,,",
    ];

    private static readonly Gen<FuzzRequest> Request = Gen.Frequency(
        (4, Gen.Select(FuzzInputs.StsForm, Gen.OneOf(ContentTypes)).Select((form, type) => FuzzRequest.Post("", form, type))),
        (2, FuzzInputs.StsForm.Select(form => FuzzRequest.Get("?" + form))),
        (3, FuzzInputs.FederationForm.Select(form => FuzzRequest.Post("", form, ContentTypes[0]))),
        (2, Gen.Select(FuzzInputs.StsForm, Gen.OneOf(AuthorizationHeaders), FuzzInputs.Text).Select((form, authorization, date) =>
            FuzzRequest.Post("", form, ContentTypes[0]) with { Headers = [new("Authorization", authorization), new("X-Amz-Date", date)] })),
        (3, Gen.OneOf(FuzzInputs.StsForm, FuzzInputs.SessionPolicyForm).Select(form => FuzzRequest.Post("", form, ContentTypes[1]) with { Signed = true })),
        (1, Gen.Select(FuzzInputs.StsForm, FuzzInputs.SessionToken).Select((form, token) =>
            FuzzRequest.Post("", form, ContentTypes[1]) with { Signed = true, SecurityToken = token })),
        (3, Gen.Select(Gen.OneOf(SignInPaths), FuzzInputs.SignInForm, Gen.OneOf(ContentTypes)).Select((path, form, type) => FuzzRequest.Post(path, form, type))));

    [Fact]
    public async Task AnyRequest_ToAnyEndpoint_NeverA5xxNorAnErrorLog()
    {
        broker.SyncClock();
        var logs = LogLevelRecorder.AttachTo(broker.Services);
        // Header values go out as raw UTF-8 bytes, as an attacker's client would send them.
        using var handler = new SocketsHttpHandler { RequestHeaderEncodingSelector = (_, _) => Encoding.UTF8 };
        using var http = new HttpClient(handler) { BaseAddress = broker.Endpoint, Timeout = TimeSpan.FromSeconds(20) };
        var started = TimeProvider.System.GetTimestamp();
        var sent = 0;
        var codes = new HashSet<string>(StringComparer.Ordinal);

        await Request.Array[Requests].SampleAsync(async requests =>
        {
            foreach (var request in requests)
            {
                if (TimeProvider.System.GetElapsedTime(started) > Budget)
                {
                    break;
                }

                using var message = request.ToMessage(broker.Endpoint);
                using var response = await http.SendAsync(message);
                Assert.True((int)response.StatusCode < 500, $"{(int)response.StatusCode} for {request}");
                codes.Add(await ErrorCodeAsync(response));
                sent++;
            }
        }, seed: Seed, iter: 1, threads: 1, print: requests => $"{requests.Length} requests; the failing one is in the message above");

        Assert.True(sent >= 200, $"only {sent} requests ran within the time budget");

        // The inputs reached the deep decoders, not only the edge: signed session policies, tokens and assertions.
        Assert.Contains("MalformedPolicyDocument", codes);
        Assert.Contains("InvalidIdentityToken", codes);
        Assert.Contains("KeyLookup", codes);
        Assert.Contains("200", codes);
        Assert.True(logs.Errors.Count == 0, string.Join('\n', logs.Errors.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }

    /// <summary>The STS error code of an XML error ("KeyLookup" once a token reached the provider's keys), "200" for a success, or the status.</summary>
    private static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (body.Contains("Couldn't retrieve verification key", StringComparison.Ordinal))
        {
            return "KeyLookup";
        }

        var start = body.IndexOf("<Code>", StringComparison.Ordinal);
        var end = start < 0 ? -1 : body.IndexOf("</Code>", start, StringComparison.Ordinal);
        return end > start ? body[(start + 6)..end] : ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One generated request; ToString shows it for the failure message.</summary>
    private sealed record FuzzRequest(string Method, string Path, string? ContentType, string Body)
    {
        public bool Signed { get; init; }

        public string? SecurityToken { get; init; }

        public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

        public static FuzzRequest Post(string path, string body, string contentType) => new("POST", path, contentType, body);

        public static FuzzRequest Get(string pathAndQuery) => new("GET", pathAndQuery, null, "");

        public HttpRequestMessage ToMessage(Uri endpoint)
        {
            var message = new HttpRequestMessage(new HttpMethod(Method), new Uri(endpoint, Path));
            var body = Encoding.UTF8.GetBytes(Body);
            if (Method == "POST")
            {
                message.Content = new ByteArrayContent(body);
                if (ContentType is { Length: > 0 })
                {
                    message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
                }
            }

            var headers = Signed
                ? SdkSigner.Sign(endpoint, body, TestDirectory.AliceKey.AccessKeyId.ToString(), TestDirectory.AliceKey.SecretAccessKey, SecurityToken)
                : Headers;
            foreach (var (name, value) in headers)
            {
                message.Headers.TryAddWithoutValidation(name, value);
            }

            return message;
        }

        public override string ToString() =>
            $"{Method} /{Path} [{ContentType}]{(Signed ? " signed" : "")}{(SecurityToken is null ? "" : " token " + SecurityToken)} {string.Join(' ', Headers.Select(h => h.Key + ": " + h.Value))}\n{Body}";
    }
}
