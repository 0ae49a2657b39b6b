using Amazon;
using Amazon.DynamoDBv2;
using Amazon.KeyManagementService;
using Amazon.Runtime;

namespace TokenBroker.Host;

/// <summary>
/// AWS SDK clients configured from the standard settings, read from configuration so that environment variables and
/// test settings both work: AWS_REGION, AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_DYNAMODB, AWS_ENDPOINT_URL_KMS, and
/// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (else the SDK's default credential chain).
/// </summary>
internal sealed class AwsClients(IConfiguration configuration)
{
    // The SDK retries throttled and failed calls itself; a few tries stay well inside a request's time budget.
    private const int MaxErrorRetry = 2;

    public static AwsClients From(IConfiguration configuration) => new(configuration);

    public IAmazonDynamoDB DynamoDb()
    {
        var config = new AmazonDynamoDBConfig { MaxErrorRetry = MaxErrorRetry, Timeout = TimeSpan.FromSeconds(5) };
        Configure(config, "AWS_ENDPOINT_URL_DYNAMODB");
        return Credentials() is { } credentials ? new AmazonDynamoDBClient(credentials, config) : new AmazonDynamoDBClient(config);
    }

    public IAmazonKeyManagementService Kms()
    {
        var config = new AmazonKeyManagementServiceConfig { MaxErrorRetry = MaxErrorRetry, Timeout = TimeSpan.FromSeconds(5) };
        Configure(config, "AWS_ENDPOINT_URL_KMS");
        return Credentials() is { } credentials ? new AmazonKeyManagementServiceClient(credentials, config) : new AmazonKeyManagementServiceClient(config);
    }

    private void Configure(ClientConfig config, string serviceEndpointSetting)
    {
        var region = configuration["AWS_REGION"] is { Length: > 0 } name ? name : "us-east-1";
        if ((configuration[serviceEndpointSetting] ?? configuration["AWS_ENDPOINT_URL"]) is { Length: > 0 } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
    }

    private AWSCredentials? Credentials()
    {
        if (configuration["AWS_ACCESS_KEY_ID"] is not { Length: > 0 } keyId || configuration["AWS_SECRET_ACCESS_KEY"] is not { Length: > 0 } secret)
        {
            return null;
        }

        return configuration["AWS_SESSION_TOKEN"] is { Length: > 0 } token
            ? new SessionAWSCredentials(keyId, secret, token)
            : new BasicAWSCredentials(keyId, secret);
    }
}
