using Amazon.DynamoDBv2;
using Amazon.KeyManagementService;
using TokenBroker.Aws.DynamoDb;
using TokenBroker.Aws.Kms;

namespace TokenBroker.Aws.Tests;

/// <summary>AWS stores over one fresh table and fresh KMS keys; each open uses new clients, as another process would.</summary>
public sealed class AwsStores : IDisposable
{
    private readonly List<IDisposable> _open = [];
    private string _tableName = "";
    private (string Signing, string Data) _keys;

    public AwsEmulators Emulators { get; private set; } = null!;

    /// <summary>The KMS key ring of the last store opened.</summary>
    public Core.Ports.IKeyRing? LastKeyRing { get; private set; }

    public async Task<AwsStore> CreateAsync()
    {
        Emulators = await AwsEmulators.GetAsync();
        _keys = await Emulators.CreateKeysAsync();
        _tableName = "tokenbroker-" + Guid.NewGuid().ToString("N");
        using var client = Emulators.DynamoDb();
        await new DynamoDbTable(client, _tableName).CreateAsync(CancellationToken.None);
        return await OpenAsync();
    }

    public async Task<AwsStore> OpenAsync()
    {
        var dynamo = Track(Emulators.DynamoDb());
        var kms = Track(Emulators.Kms());
        var ring = await KmsKeyRing.OpenAsync(kms, _keys.Signing, _keys.Data, CancellationToken.None);
        LastKeyRing = ring;
        return Track(await AwsStore.OpenAsync(dynamo, _tableName, ring, CancellationToken.None));
    }

    public Task<AwsStore> RestartAsync()
    {
        CloseAll();
        return OpenAsync();
    }

    public void Dispose() => CloseAll();

    private T Track<T>(T disposable)
        where T : IDisposable
    {
        _open.Add(disposable);
        return disposable;
    }

    private void CloseAll()
    {
        foreach (var disposable in _open)
        {
            disposable.Dispose();
        }

        _open.Clear();
    }
}
