using System.Diagnostics;
using System.Net;
using System.Text;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Tests;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>
/// Runs the preinstalled `aws` CLI against a loopback HttpListener and returns the request exactly as it arrived
/// (raw target, every header occurrence, body), answering with a canned GetCallerIdentity response.
/// </summary>
internal static class AwsCliCapture
{
    private const string Response =
        "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><GetCallerIdentityResult>" +
        "<Arn>arn:aws:iam::111111111111:user/alice</Arn><UserId>AIDAEXAMPLEEXAMPLE01</UserId><Account>111111111111</Account>" +
        "</GetCallerIdentityResult><ResponseMetadata><RequestId>1</RequestId></ResponseMetadata></GetCallerIdentityResponse>";

    public static async Task<SigV4Request> GetCallerIdentityAsync(string accessKeyId, string secret, string? sessionToken)
    {
        var port = LoopbackPort.Free();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var captured = CaptureOneAsync(listener);

        var start = new ProcessStartInfo("aws", ["sts", "get-caller-identity", "--endpoint-url", $"http://127.0.0.1:{port}", "--output", "json"])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment.Remove("AWS_SESSION_TOKEN");
        if (sessionToken is not null)
        {
            start.Environment["AWS_SESSION_TOKEN"] = sessionToken;
        }

        start.Environment["AWS_DEFAULT_REGION"] = TestKeys.Region;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException("aws CLI failed: " + await stderr);
        }

        return await captured.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task<SigV4Request> CaptureOneAsync(HttpListener listener)
    {
        var context = await listener.GetContextAsync();
        var request = context.Request;
        using var body = new MemoryStream();
        await request.InputStream.CopyToAsync(body);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var name in request.Headers.AllKeys)
        {
            headers.Add(KeyValuePair.Create(name!, request.Headers[name]!));
        }

        var target = request.RawUrl ?? "/";
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var captured = new SigV4Request(
            request.HttpMethod,
            question < 0 ? target : target[..question],
            question < 0 ? "" : target[(question + 1)..],
            headers,
            body.ToArray());

        var bytes = Encoding.UTF8.GetBytes(Response);
        context.Response.ContentType = "text/xml";
        context.Response.ContentLength64 = bytes.Length;
        await context.Response.OutputStream.WriteAsync(bytes);
        context.Response.Close();
        return captured;
    }
}
