using System.Text;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Embedded.Tests;
using static TokenBroker.Embedded.Tests.SampleDirectory;

namespace TokenBroker.Aws.Tests;

/// <summary>What the DynamoDB table holds after a replace: records in the clear, secrets and private keys sealed.</summary>
public sealed class DynamoDbSecretsAtRestTests : IDisposable
{
    private readonly AwsStores _stores = new();

    public void Dispose() => _stores.Dispose();

    [Fact]
    public async Task ReplaceAsync_SecretsAndSamlPrivateKeys_NotInTableInPlaintext()
    {
        var store = await _stores.CreateAsync();
        await store.Directory.ReplaceAsync(SampleDirectory.Create(), CancellationToken.None);

        var bytes = await TableBytesAsync(store.Table.Name);

        Assert.True(Holds(bytes, Encoding.UTF8.GetBytes("AIDAALICE000000000001")), "the search must see the directory's plaintext attributes");
        Assert.True(Holds(bytes, Encoding.UTF8.GetBytes(LegacyKey.KeyId)), "the key id is not secret and is stored in the clear");
        foreach (var secret in new[]
        {
            Encoding.UTF8.GetBytes(AliceSecret), Encoding.UTF8.GetBytes(BobSecret), AliceSeed,
            LegacyKey.PrivateKey, LegacyNextKey.PrivateKey, Encoding.UTF8.GetBytes(Convert.ToBase64String(LegacyKey.PrivateKey)),
        })
        {
            Assert.False(Holds(bytes, secret));
        }
    }

    private async Task<byte[]> TableBytesAsync(string tableName)
    {
        using var client = _stores.Emulators.DynamoDb();
        var all = new MemoryStream();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await client.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = start });
            foreach (var value in page.Items.SelectMany(item => item.Values))
            {
                Write(all, value);
            }

            start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (start is not null);

        return all.ToArray();
    }

    private static void Write(MemoryStream all, AttributeValue value)
    {
        if (value.S is not null)
        {
            all.Write(Encoding.UTF8.GetBytes(value.S));
        }

        value.B?.WriteTo(all);
        foreach (var item in value.L ?? [])
        {
            Write(all, item);
        }
    }

    private static bool Holds(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
