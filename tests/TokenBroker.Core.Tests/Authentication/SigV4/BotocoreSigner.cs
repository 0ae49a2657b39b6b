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
            Case(user, "raw-port-and-content-sha256", "raw", new()
            {
                ["method"] = "POST",
                ["url"] = "http://127.0.0.1:5057/",
                ["headers"] = new JsonArray(
                    new JsonArray("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
                    new JsonArray("X-Amz-Content-SHA256", "6b2bd3b5cc5ab4b33e85cb7fc2b8ae4e0fc5ba1d0bd0e8fa1c7b9c8e3d0f0a6e")),
                ["body"] = "Action=GetCallerIdentity&Version=2011-06-15",
            }),
        ];
    }

    private static IReadOnlyDictionary<string, SigV4Request> SignAll()
    {
        var cases = Cases();
        // The content hash header must be the body's real hash; compute it here rather than hard-code it.
        var rawWithHash = cases.Single(c => (string)c!["name"]! == "raw-port-and-content-sha256")!;
        rawWithHash["headers"]![1]![1] = Convert.ToHexStringLower(
            System.Security.Cryptography.SHA256.HashData("Action=GetCallerIdentity&Version=2011-06-15"u8));

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
