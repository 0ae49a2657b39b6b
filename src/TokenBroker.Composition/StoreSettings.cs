using TokenBroker.Aws;
using TokenBroker.Embedded;

namespace TokenBroker.Composition;

/// <summary>
/// Which adapters serve the ports, read once from the TOKENBROKER_* settings; the Host and the CLI read the same ones,
/// so the CLI administers exactly the store the broker serves. Nothing is inferred from the environment.
/// </summary>
/// <param name="DataFolder">TOKENBROKER_DATA (default ./.tokenbroker): the SQLite database and the local root key.</param>
/// <param name="Store">TOKENBROKER_STORE: sqlite or dynamodb.</param>
/// <param name="KeyRing">TOKENBROKER_KEYRING: local or kms (default local for sqlite, kms for dynamodb).</param>
/// <param name="Table">TOKENBROKER_TABLE: the DynamoDB table, required with dynamodb.</param>
/// <param name="KmsSigningKey">TOKENBROKER_KMS_SIGNING_KEY: the ECC_NIST_P256 root key, required with kms.</param>
/// <param name="KmsDataKey">TOKENBROKER_KMS_DATA_KEY: the symmetric data-key key, required with kms.</param>
/// <param name="Aws">The AWS clients, configured from the standard AWS_* settings.</param>
public sealed record StoreSettings(
    string DataFolder, string Store, string KeyRing, string? Table, string? KmsSigningKey, string? KmsDataKey, AwsClients Aws)
{
    /// <summary>TOKENBROKER_STORE value for the embedded SQLite store (the default).</summary>
    public const string Sqlite = "sqlite";

    /// <summary>TOKENBROKER_STORE value for the DynamoDB table.</summary>
    public const string DynamoDb = "dynamodb";

    /// <summary>TOKENBROKER_KEYRING value for the root key file in the data folder.</summary>
    public const string Local = "local";

    /// <summary>TOKENBROKER_KEYRING value for the KMS keys.</summary>
    public const string Kms = "kms";

    /// <summary>Whether the directory lives in the SQLite database of the data folder.</summary>
    public bool IsSqlite => string.Equals(Store, Sqlite, StringComparison.Ordinal);

    /// <summary>TOKENBROKER_DEPENDENCY_TIMEOUT_MS: the deadline of one DynamoDB or KMS call, and how long SQLite waits for a lock.</summary>
    public TimeSpan DependencyTimeout => Aws.DynamoDbGuard.Timeout;

    /// <summary>The remote dependencies of these stores, each behind its deadline and circuit: DynamoDB, and KMS with the kms key ring.</summary>
    public IReadOnlyList<DependencyGuard> Dependencies => (IsSqlite, KeyRing == Kms) switch
    {
        (true, _) => [],
        (false, true) => [Aws.DynamoDbGuard, Aws.KmsGuard],
        (false, false) => [Aws.DynamoDbGuard],
    };

    /// <summary>Reads the settings; a missing or unknown value is an <see cref="InvalidOperationException"/> naming the setting.</summary>
    public static StoreSettings From(Func<string, string?> setting)
    {
        ArgumentNullException.ThrowIfNull(setting);
        var dataFolder = setting(EmbeddedStore.DataFolderVariable) is { Length: > 0 } data ? data : EmbeddedStore.DefaultDataFolder;
        var store = Choice(setting, "TOKENBROKER_STORE", Sqlite, [Sqlite, DynamoDb]);
        var keyRing = Choice(setting, "TOKENBROKER_KEYRING", store == Sqlite ? Local : Kms, [Local, Kms]);
        if (store == Sqlite && keyRing != Local)
        {
            throw new InvalidOperationException("TOKENBROKER_STORE=sqlite keeps its secrets under the local key: use TOKENBROKER_KEYRING=local.");
        }

        return new StoreSettings(
            Path.GetFullPath(dataFolder),
            store,
            keyRing,
            store == DynamoDb ? Required(setting, "TOKENBROKER_TABLE") : null,
            keyRing == Kms ? Required(setting, "TOKENBROKER_KMS_SIGNING_KEY") : null,
            keyRing == Kms ? Required(setting, "TOKENBROKER_KMS_DATA_KEY") : null,
            new AwsClients(setting))
        {
            AuditRetention = AuditRetentionFrom(setting),
        };
    }

    /// <summary>TOKENBROKER_AUDIT_RETENTION_DAYS (default 90): how long audit records are kept (SQLite prunes, DynamoDB's TTL expires).</summary>
    public TimeSpan AuditRetention { get; init; } = TimeSpan.FromDays(90);

    private static TimeSpan AuditRetentionFrom(Func<string, string?> setting) =>
        setting("TOKENBROKER_AUDIT_RETENTION_DAYS") is not { Length: > 0 } text
            ? TimeSpan.FromDays(90)
            : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 36_500
                ? TimeSpan.FromDays(days)
                : throw new InvalidOperationException("TOKENBROKER_AUDIT_RETENTION_DAYS must be a whole number of days from 1 to 36500.");

    // An explicit choice between named adapters; anything else is a configuration error at start-up.
    private static string Choice(Func<string, string?> setting, string name, string defaultValue, string[] allowed)
    {
        var value = setting(name) is { Length: > 0 } chosen ? chosen : defaultValue;
        return allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new InvalidOperationException($"{name} must be one of: {string.Join(", ", allowed)}.");
    }

    private static string Required(Func<string, string?> setting, string name) =>
        setting(name) is { Length: > 0 } value ? value : throw new InvalidOperationException($"{name} is not set.");
}
