namespace TokenBroker.Aws.DynamoDb;

/// <summary>What a <see cref="SamlProviderItem"/> lists of one private key: its id and upload time, never the key.</summary>
internal sealed record SamlPrivateKeyItem(string KeyId, DateTimeOffset Timestamp);
