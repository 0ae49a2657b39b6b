using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Aws.Tests;
using TokenBroker.Composition;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Outages;

/// <summary>
/// A broker on DynamoDB Local and moto's KMS, each reached through a <see cref="DependencyProxy"/> that a test freezes
/// or refuses, with a short deadline and break; on the real clock (the deadlines and backoff are wall-clock waits).
/// </summary>
public sealed class OutageBroker : IAsyncDisposable
{
    public const int DeadlineMs = 2000;
    public const int BreakMs = 1000;

    private readonly List<KeyValuePair<string, string?>> _settings;
    private WebApplication? _app;

    private OutageBroker(List<KeyValuePair<string, string?>> settings, DependencyProxy dynamoDb, DependencyProxy kms)
    {
        _settings = settings;
        DynamoDb = dynamoDb;
        Kms = kms;
    }

    public DependencyProxy DynamoDb { get; }

    public DependencyProxy Kms { get; }

    public Uri Endpoint { get; private set; } = null!;

    /// <summary>The broker's settings, as environment variables would give them.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Settings => _settings;

    public BrokerReadiness Readiness => _app!.Services.GetRequiredService<BrokerReadiness>();

    /// <summary>The settings of a fresh table and keys seeded with <see cref="TestDirectory"/>, pointed at the proxies.</summary>
    public static async Task<OutageBroker> CreateAsync(params KeyValuePair<string, string?>[] extra)
    {
        var emulators = await AwsEmulators.GetAsync();
        var stores = (await DynamoDbStores.CreateAsync(TestDirectory.Snapshot())).ToList();
        var dynamoDb = new DependencyProxy(emulators.DynamoDbEndpoint);
        var kms = new DependencyProxy(emulators.KmsEndpoint);
        var settings = stores.Where(s => s.Key is not ("AWS_ENDPOINT_URL_DYNAMODB" or "AWS_ENDPOINT_URL_KMS" or "TOKENBROKER_DEPENDENCY_TIMEOUT_MS")).ToList();
        settings.AddRange(
        [
            new("AWS_ENDPOINT_URL_DYNAMODB", dynamoDb.Endpoint.ToString()),
            new("AWS_ENDPOINT_URL_KMS", kms.Endpoint.ToString()),
            new("TOKENBROKER_DEPENDENCY_TIMEOUT_MS", DeadlineMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("TOKENBROKER_DEPENDENCY_BREAK_MS", BreakMs.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            // Every request reads the directory, so a DynamoDB outage reaches every request.
            new("TOKENBROKER_DIRECTORY_CACHE_SECONDS", "0"),
            new("TOKENBROKER_DATA", Path.Combine(Path.GetTempPath(), "tokenbroker-outage-" + Guid.NewGuid().ToString("N"))),
            .. extra,
        ]);
        return new OutageBroker(settings, dynamoDb, kms);
    }

    /// <summary>Builds the broker as Program.cs does (the first attempt to open the stores included) and starts it.</summary>
    public async Task StartAsync()
    {
        _app = await BuildAsync();
        await _app.StartAsync();
        Endpoint = BrokerFixture.AddressOf(_app);
    }

    public Task<WebApplication> BuildAsync() =>
        BrokerApp.BuildAsync(["--urls", "http://127.0.0.1:0"], null, configuration => configuration.AddInMemoryCollection(_settings));

    public AmazonSecurityTokenServiceClient Alice() => new(
        new BasicAWSCredentials(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey),
        new AmazonSecurityTokenServiceConfig { ServiceURL = Endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0, Timeout = TimeSpan.FromSeconds(60) });

    public static Task<AssumeRoleResponse> AssumeDemoAsync(AmazonSecurityTokenServiceClient client) =>
        client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "outage" });

    /// <summary>The STS error a call fails with; a call still running after <paramref name="bound"/> fails the test.</summary>
    public static async Task<AmazonSecurityTokenServiceException> FailsWithinAsync(TimeSpan bound, Func<Task> call)
    {
        var attempt = call();
        var finished = await Task.WhenAny(attempt, Task.Delay(bound));
        Assert.True(finished == attempt, $"The call was still running after {bound.TotalSeconds} s.");
        return await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => attempt);
    }

    /// <summary>Repeats a call that fails with ServiceUnavailable until it succeeds, for at most <paramref name="bound"/>.</summary>
    public static async Task<T> RecoversWithinAsync<T>(TimeSpan bound, Func<Task<T>> call)
    {
        using var stop = new CancellationTokenSource(bound);
        while (true)
        {
            try
            {
                return await call();
            }
            catch (AmazonSecurityTokenServiceException error) when (error.ErrorCode == "ServiceUnavailable" && !stop.IsCancellationRequested)
            {
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAndDisposeAsync();

        DynamoDb.Dispose();
        Kms.Dispose();
        var data = _settings.First(s => s.Key == "TOKENBROKER_DATA").Value!;
        if (Directory.Exists(data))
        {
            Directory.Delete(data, recursive: true);
        }
    }
}
