using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>
/// Requests signed by the real botocore/boto3 (Fixtures/botocore_sign.py, run once per test run at
/// <see cref="TestKeys.SigningTime"/>): client calls captured just before sending, presigned URLs, and raw AWSRequests.
/// </summary>
internal static class BotocoreSigner
{
    private const string GetCallerIdentityBody = "Action=GetCallerIdentity&Version=2011-06-15";

    private static readonly string BodyHash = Convert.ToHexStringLower(
        System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(GetCallerIdentityBody)));

    private static readonly Lazy<IReadOnlyDictionary<string, SigV4Request>> Signed = new(SignAll);

    public static SigV4Request Get(string name) => Signed.Value[name];

    public static IEnumerable<string> Names => Cases().Select(c => (string)c!["name"]!);

    private static JsonArray Cases()
    {
        var user = new JsonObject { ["region"] = TestKeys.Region, ["accessKey"] = TestKeys.AccessKeyId, ["secret"] = TestKeys.Secret };
        var session = new JsonObject
        {
            ["region"] = TestKeys.Region, ["accessKey"] = TestKeys.TemporaryAccessKeyId,
            ["secret"] = TestKeys.TemporarySecret, ["token"] = TestKeys.SessionToken,
        };
        JsonObject Case(JsonObject keys, string name, string kind, JsonObject rest)
        {
            var result = JsonNode.Parse(keys.ToJsonString())!.AsObject();
            result["name"] = name;
            result["kind"] = kind;
            foreach (var (key, value) in rest)
            {
                result[key] = value?.DeepClone();
            }

            return result;
        }

        return
        [
            Case(user, "client-get-caller-identity", "client", new() { ["operation"] = "get_caller_identity" }),
            Case(session, "client-get-caller-identity-session", "client", new() { ["operation"] = "get_caller_identity" }),
            Case(user, "client-get-session-token", "client", new()
            {
                ["operation"] = "get_session_token",
                ["params"] = new JsonObject { ["DurationSeconds"] = 900, ["SerialNumber"] = "arn:aws:iam::111111111111:mfa/alice", ["TokenCode"] = "123456" },
            }),
            Case(user, "client-assume-role-unicode", "client", new()
            {
                ["operation"] = "assume_role",
                ["params"] = new JsonObject
                {
                    ["RoleArn"] = "arn:aws:iam::111111111111:role/demo", ["RoleSessionName"] = "alice+ops=1,a.b@c-d",
                    ["Policy"] = "{\"Statement\":[{\"Sid\":\"é ü 東京 ~*'()!\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}",
                },
            }),
            Case(user, "presigned-get-caller-identity", "presign", new() { ["operation"] = "get_caller_identity", ["expiresIn"] = 900 }),
            Case(user, "presigned-expires-60", "presign", new() { ["operation"] = "get_caller_identity", ["expiresIn"] = 60 }),
            Case(user, "presigned-get", "presign", new()
            {
                ["operation"] = "get_session_token", ["expiresIn"] = 300, ["httpMethod"] = "GET",
                ["params"] = new JsonObject { ["DurationSeconds"] = 900, ["SerialNumber"] = "arn:aws:iam::111111111111:mfa/a+b é" },
            }),
            Case(session, "presigned-session", "presign", new() { ["operation"] = "get_caller_identity", ["expiresIn"] = 900 }),
            Case(user, "raw-repeated-headers-unicode-query", "raw", new()
            {
                ["method"] = "GET",
                ["url"] = "http://sts.local.test/?Action=GetCallerIdentity&Version=2011-06-15&Note=%C3%A9%20t%C3%BCr%2B%2F%3D&empty=&Z=1&A=2&A=1",
                ["headers"] = new JsonArray(
                    new JsonArray("X-Custom", "first"), new JsonArray("X-Custom", "  second   value  "),
                    new JsonArray("Content-Type", "text/plain;  charset=utf-8")),
            }),
            Case(user, "raw-encoded-path", "raw", new()
            {
                ["method"] = "POST",
                ["url"] = "http://sts.local.test/a%20b/./c/../d~e%2Ff/",
                ["headers"] = new JsonArray(new JsonArray("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                ["body"] = "Action=GetCallerIdentity&Version=2011-06-15",
            }),
            // The header set the JS SDK v3 signs (reference/hosting.md §4), signed here by botocore's SigV4Auth.
            Case(user, "raw-js-sdk-header-set", "raw", new()
            {
                ["method"] = "POST",
                ["url"] = "http://sts.local.test/",
                ["headers"] = new JsonArray(
                    new JsonArray("amz-sdk-invocation-id", "5ab09123-638c-4015-8aba-61b086783ec2"),
                    new JsonArray("amz-sdk-request", "attempt=1; max=3"),
                    new JsonArray("Content-Length", "43"),
                    new JsonArray("Content-Type", "application/x-www-form-urlencoded"),
                    new JsonArray("X-Amz-Content-SHA256", BodyHash),
                    new JsonArray("X-Amz-User-Agent", "aws-sdk-js/3.1177.0 ua/2.1 os/linux#6 lang/js md/nodejs#22")),
                ["body"] = GetCallerIdentityBody,
            }),
            Case(user, "raw-port-and-content-sha256", "raw", new()
            {
                ["method"] = "POST",
                ["url"] = "http://127.0.0.1:5057/",
                ["headers"] = new JsonArray(
                    new JsonArray("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                    new JsonArray("X-Amz-Content-SHA256", BodyHash)),
                ["body"] = GetCallerIdentityBody,
            }),
        ];
    }

    private static IReadOnlyDictionary<string, SigV4Request> SignAll()
    {
        var cases = Cases();
        var input = new JsonObject { ["time"] = TestKeys.SigningTime.ToString("yyyyMMdd'T'HHmmss'Z'"), ["cases"] = cases };
        var start = new ProcessStartInfo("python3", Path.Combine(AppContext.BaseDirectory, "Fixtures", "botocore_sign.py"))
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        using var process = Process.Start(start)!;
        process.StandardInput.Write(input.ToJsonString());
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("botocore_sign.py failed: " + stderr);
        }

        return JsonNode.Parse(stdout.Result)!.AsArray().ToDictionary(
            node => (string)node!["name"]!,
            node => new SigV4Request(
                (string)node!["method"]!,
                (string)node["rawPath"]!,
                (string)node["rawQuery"]!,
                node["headers"]!.AsArray().Select(h => KeyValuePair.Create((string)h![0]!, (string)h[1]!)).ToList(),
                Convert.FromBase64String((string)node["bodyBase64"]!)));
    }
}
