using Amazon;
using Amazon.DynamoDBv2;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using TokenBroker.Aws;
using TokenBroker.Aws.DynamoDb;
using TokenBroker.Aws.Kms;

namespace TokenBroker.Composition;

/// <summary>
/// AWS SDK clients configured from the standard settings, read through the caller's setting source so that
/// environment variables, the Host's configuration and test settings all work: AWS_REGION, AWS_ENDPOINT_URL,
/// AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_KMS, and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
/// (else the SDK's default credential chain); and the bounds on every call, TOKENBROKER_DEPENDENCY_TIMEOUT_MS (the total
/// deadline of one call, retries included, default 2000) and TOKENBROKER_DEPENDENCY_BREAK_MS (how long an open circuit
/// refuses calls before it probes, default 2000).
/// </summary>
public sealed class AwsClients
{
    // The SDK retries throttled and failed calls itself; a few tries, each given half the deadline, so that one hung
    // connection still leaves time for a retry. The guard's deadline bounds the total whatever the SDK does.
    private const int MaxErrorRetry = 2;

    private readonly Func<string, string?> _setting;

    /// <summary>Reads the settings through <paramref name="setting"/>; a malformed bound is an <see cref="InvalidOperationException"/> naming it.</summary>
    public AwsClients(Func<string, string?> setting)
    {
        _setting = setting;
        var timeout = Milliseconds("TOKENBROKER_DEPENDENCY_TIMEOUT_MS", DependencyGuard.DefaultTimeout, 100, 60_000);
        var breakDuration = Milliseconds("TOKENBROKER_DEPENDENCY_BREAK_MS", DependencyGuard.DefaultBreakDuration, 500, 300_000);
        DynamoDbGuard = new DependencyGuard(DynamoDbTable.Service, timeout, breakDuration);
        KmsGuard = new DependencyGuard(KmsKeyRing.Service, timeout, breakDuration);
    }

    /// <summary>The deadline and circuit of every DynamoDB call of this process.</summary>
    public DependencyGuard DynamoDbGuard { get; }

    /// <summary>The deadline and circuit of every KMS call of this process.</summary>
    public DependencyGuard KmsGuard { get; }

    /// <summary>AWS_REGION, else us-east-1.</summary>
    public string Region => _setting("AWS_REGION") is { Length: > 0 } name ? name : "us-east-1";

    /// <summary>The DynamoDB endpoint the clients use: AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL, else the region's.</summary>
    public string DynamoDbEndpoint => Endpoint("AWS_ENDPOINT_URL_DYNAMODB") ?? $"the DynamoDB endpoint of {Region}";

    /// <summary>The KMS endpoint the clients use: AWS_ENDPOINT_URL_KMS or AWS_ENDPOINT_URL, else the region's.</summary>
    public string KmsEndpoint => Endpoint("AWS_ENDPOINT_URL_KMS") ?? $"the KMS endpoint of {Region}";

    /// <summary>A DynamoDB client.</summary>
    public IAmazonDynamoDB DynamoDb()
    {
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = MaxErrorRetry, Timeout = AttemptTimeout(DynamoDbGuard) };
        Configure(config, "AWS_ENDPOINT_URL_DYNAMODB");
        return Credentials() is { } credentials ? new AmazonDynamoDBClient(credentials, config) : new AmazonDynamoDBClient(config);
    }

    /// <summary>A KMS client.</summary>
    public IAmazonKeyManagementService Kms()
    {
        var config = new AmazonKeyManagementServiceConfig { MaxErrorRetry = MaxErrorRetry, Timeout = AttemptTimeout(KmsGuard) };
        Configure(config, "AWS_ENDPOINT_URL_KMS");
        return Credentials() is { } credentials ? new AmazonKeyManagementServiceClient(credentials, config) : new AmazonKeyManagementServiceClient(config);
    }

    private static TimeSpan AttemptTimeout(DependencyGuard guard) => guard.Timeout / 2;

    private TimeSpan Milliseconds(string name, TimeSpan defaultValue, int minimum, int maximum)
    {
        if (_setting(name) is not { Length: > 0 } text)
        {
            return defaultValue;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) && value >= minimum && value <= maximum
            ? TimeSpan.FromMilliseconds(value)
            : throw new InvalidOperationException($"{name} must be a number of milliseconds from {minimum} to {maximum}.");
    }

    private string? Endpoint(string serviceEndpointSetting) =>
        (_setting(serviceEndpointSetting) is { Length: > 0 } service ? service : _setting("AWS_ENDPOINT_URL")) is { Length: > 0 } endpoint ? endpoint : null;

    private void Configure(ClientConfig config, string serviceEndpointSetting)
    {
        if (Endpoint(serviceEndpointSetting) is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
    }

    private AWSCredentials? Credentials()
    {
        if (_setting("AWS_ACCESS_KEY_ID") is not { Length: > 0 } keyId || _setting("AWS_SECRET_ACCESS_KEY") is not { Length: > 0 } secret)
        {
            return null;
        }

        return _setting("AWS_SESSION_TOKEN") is { Length: > 0 } token
            ? new SessionAWSCredentials(keyId, secret, token)
            : new BasicAWSCredentials(keyId, secret);
    }
}
