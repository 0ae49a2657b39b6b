using TokenBroker.Aws;
using TokenBroker.Aws.DynamoDb;
using TokenBroker.Aws.Kms;
using TokenBroker.Aws.Tests;
using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>A fresh table and fresh KMS keys on the emulators, seeded with a directory; returns the broker's settings for them.</summary>
public static class DynamoDbStores
{
    public static async Task<IEnumerable<KeyValuePair<string, string?>>> CreateAsync(DirectorySnapshot directory)
    {
        var emulators = await AwsEmulators.GetAsync();
        var (signingKey, dataKey) = await emulators.CreateKeysAsync();
        var table = "tokenbroker-e2e-" + Guid.NewGuid().ToString("N");
        using (var dynamo = emulators.DynamoDb())
        using (var kms = emulators.Kms())
        {
            await new DynamoDbTable(dynamo, table).CreateAsync(CancellationToken.None);
            var ring = await KmsKeyRing.OpenAsync(kms, signingKey, dataKey, CancellationToken.None);
            using var store = await AwsStore.OpenAsync(dynamo, table, ring, CancellationToken.None);
            await store.Directory.ReplaceAsync(directory, CancellationToken.None);
        }

        return
        [
            new("TOKENBROKER_STORE", "dynamodb"),
            new("TOKENBROKER_KEYRING", "kms"),
            new("TOKENBROKER_TABLE", table),
            new("TOKENBROKER_KMS_SIGNING_KEY", signingKey),
            new("TOKENBROKER_KMS_DATA_KEY", dataKey),
            new("AWS_ENDPOINT_URL_DYNAMODB", emulators.DynamoDbEndpoint.ToString()),
            new("AWS_ENDPOINT_URL_KMS", emulators.KmsEndpoint.ToString()),
            new("AWS_REGION", "us-east-1"),
            new("AWS_ACCESS_KEY_ID", "AKIDTEST"),
            new("AWS_SECRET_ACCESS_KEY", "test-secret"),
            // The emulators on a loaded test machine answer slower than DynamoDB and KMS do; the outage tests set their own.
            new("TOKENBROKER_DEPENDENCY_TIMEOUT_MS", "30000"),
        ];
    }
}
