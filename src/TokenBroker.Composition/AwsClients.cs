using Amazon;
using Amazon.DynamoDBv2;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace TokenBroker.Composition;

/// <summary>
/// AWS SDK clients configured from the standard settings, read through the caller's setting source so that
/// environment variables, the Host's configuration and test settings all work: AWS_REGION, AWS_ENDPOINT_URL,
/// AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_KMS, and AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
/// (else the SDK's default credential chain).
/// </summary>
public sealed class AwsClients(Func<string, string?> setting)
{
    // The SDK retries throttled and failed calls itself; a few tries stay well inside a request's time budget.
    private const int MaxErrorRetry = 2;

    /// <summary>AWS_REGION, else us-east-1.</summary>
    public string Region => setting("AWS_REGION") is { Length: > 0 } name ? name : "us-east-1";

    /// <summary>The DynamoDB endpoint the clients use: AWS_ENDPOINT_URL_DYNAMODB or AWS_ENDPOINT_URL, else the region's.</summary>
    public string DynamoDbEndpoint => Endpoint("AWS_ENDPOINT_URL_DYNAMODB") ?? $"the DynamoDB endpoint of {Region}";

    /// <summary>The KMS endpoint the clients use: AWS_ENDPOINT_URL_KMS or AWS_ENDPOINT_URL, else the region's.</summary>
    public string KmsEndpoint => Endpoint("AWS_ENDPOINT_URL_KMS") ?? $"the KMS endpoint of {Region}";

    /// <summary>A DynamoDB client.</summary>
    public IAmazonDynamoDB DynamoDb()
    {
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = MaxErrorRetry, Timeout = TimeSpan.FromSeconds(5) };
        Configure(config, "AWS_ENDPOINT_URL_DYNAMODB");
        return Credentials() is { } credentials ? new AmazonDynamoDBClient(credentials, config) : new AmazonDynamoDBClient(config);
    }

    /// <summary>A KMS client.</summary>
    public IAmazonKeyManagementService Kms()
    {
        var config = new AmazonKeyManagementServiceConfig { MaxErrorRetry = MaxErrorRetry, Timeout = TimeSpan.FromSeconds(5) };
        Configure(config, "AWS_ENDPOINT_URL_KMS");
        return Credentials() is { } credentials ? new AmazonKeyManagementServiceClient(credentials, config) : new AmazonKeyManagementServiceClient(config);
    }

    private string? Endpoint(string serviceEndpointSetting) =>
        (setting(serviceEndpointSetting) is { Length: > 0 } service ? service : setting("AWS_ENDPOINT_URL")) is { Length: > 0 } endpoint ? endpoint : null;

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
        if (setting("AWS_ACCESS_KEY_ID") is not { Length: > 0 } keyId || setting("AWS_SECRET_ACCESS_KEY") is not { Length: > 0 } secret)
        {
            return null;
        }

        return setting("AWS_SESSION_TOKEN") is { Length: > 0 } token
            ? new SessionAWSCredentials(keyId, secret, token)
            : new BasicAWSCredentials(keyId, secret);
    }
}
