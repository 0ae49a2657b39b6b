using Amazon.SecurityToken.Model.Internal.MarshallTransformations;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;
using TokenBroker.Host;

namespace TokenBroker.Benchmarks;

/// <summary>
/// AssumeRole through the broker's own request pipeline (throttle, store gate, routing, the STS endpoint: body read,
/// form parsing, SigV4, the operation with its durable audit record, usage, metrics, XML), as a Release broker on an
/// embedded store serves it, with logging at Warning as in infra/load/assume-role.sh. Kestrel and ASP.NET Core's
/// hosting layer (its request span and log scope) are not included: the request is handed to the pipeline directly.
/// </summary>
[MemoryDiagnoser]
public class StsHttpPipelineBenchmarks
{
    private const string KeyId = "AKIABENCH00000000001";
    private const string Secret = "bench-secret-000000000000000000000000000";

    private string _folder = null!;
    private WebApplication _app = null!;
    private RequestDelegate _pipeline = null!;
    private SigV4Request _request = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-bench-" + Guid.NewGuid().ToString("N"));
        using (var store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None))
        {
            await store.Directory.ReplaceAsync(StsOperationBenchmarks.Directory(), CancellationToken.None);
        }

        _app = await BrokerApp.BuildAsync([], configure: configuration => configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["TOKENBROKER_DATA"] = _folder,
            ["Logging:LogLevel:Default"] = "Warning",
        }));
        _app.UseRouting();
        _app.UseEndpoints(_ => { });
        _pipeline = ((IApplicationBuilder)_app).Build();
        _request = SdkSignedRequest.Sign(new AssumeRoleRequestMarshaller().Marshall(new Amazon.SecurityToken.Model.AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/bench",
            RoleSessionName = "bench",
        }), KeyId, Secret);
        if (await AssumeRole() != StatusCodes.Status200OK)
        {
            throw new InvalidOperationException("The benchmark request does not succeed.");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _app.DisposeAsync();
        System.IO.Directory.Delete(_folder, recursive: true);
    }

    [Benchmark]
    public async Task<int> AssumeRole()
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        var request = context.Request;
        request.Method = "POST";
        request.Path = "/";
        context.Features.Get<IHttpRequestFeature>()!.RawTarget = "/";
        foreach (var (name, value) in _request.Headers)
        {
            request.Headers.Append(name, value);
        }

        request.ContentLength = _request.Body.Length;
        request.Body = new MemoryStream(_request.Body.ToArray(), writable: false);
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Response.Body = Stream.Null;
        await _pipeline(context);
        return context.Response.StatusCode;
    }
}
