using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>The MFA attempt contract against <see cref="Sqlite.SqliteMfaAttempts"/> in a temporary data folder.</summary>
public sealed class SqliteMfaAttemptStoreContractTests : MfaAttemptStoreContractTests
{
    private readonly SqliteStores _stores = new();

    protected override async Task<IMfaAttemptStore> CreateStoreAsync() => (await _stores.CreateAsync()).MfaAttempts;

    protected override async Task<IMfaAttemptStore> OpenAnotherAsync() => (await _stores.OpenAsync()).MfaAttempts;

    protected override async Task<IMfaAttemptStore> RestartAsync() => (await _stores.RestartAsync()).MfaAttempts;

    public override void Dispose() => _stores.Dispose();
}
