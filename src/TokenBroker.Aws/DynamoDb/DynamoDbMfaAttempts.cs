using System.Globalization;
using System.Security.Cryptography;
using Amazon.DynamoDBv2.Model;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Ports;

namespace TokenBroker.Aws.DynamoDb;

/// <summary>
/// The MFA attempt store in the table: pk <c>MFA#{serial}</c>, sk <c>ATTEMPTS</c>, with <c>failures</c>,
/// <c>lockedUntil</c> (Unix milliseconds) and a <c>version</c>. Each change reads the item consistently, applies the
/// <see cref="MfaAttempts"/> transition and writes it back on condition that the version is unchanged, retrying when
/// another instance wrote first, so concurrent attempts on any instances are counted one after the other. The item has
/// no TTL: like the TOTP step it lives outside the directory snapshots.
/// </summary>
public sealed class DynamoDbMfaAttempts(DynamoDbTable table) : IMfaAttemptStore
{
    private const string Sort = "ATTEMPTS";

    // Every lost race means another writer succeeded, and once a device is locked attempts stop writing, so the number
    // of writers to outlast is small; past this many the store is treated as unavailable (fail closed).
    private const int MaxRounds = 64;

    /// <inheritdoc />
    public async Task UpdateAsync(string serialNumber, Func<MfaAttempts, MfaAttempts> transition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serialNumber);
        ArgumentNullException.ThrowIfNull(transition);
        var pk = "MFA#" + serialNumber;
        for (var round = 0; round < MaxRounds; round++)
        {
            var item = await table.GetAsync(pk, Sort, cancellationToken);
            var version = item is null ? 0 : long.Parse(item["version"].N, CultureInfo.InvariantCulture);
            var current = item is null ? MfaAttempts.None : Read(item);
            var next = transition(current);
            if (next == current || await TryWriteAsync(pk, version, next, cancellationToken))
            {
                return;
            }

            // Lost the race: spread the retries of many losers a little so they do not collide again in lockstep.
            await Task.Delay(TimeSpan.FromMilliseconds(RandomNumberGenerator.GetInt32(1, 5 + round)), cancellationToken);
        }

        throw new StoreUnavailableException("DynamoDB kept refusing the MFA attempt count under contention.");
    }

    private Task<bool> TryWriteAsync(string pk, long version, MfaAttempts next, CancellationToken cancellationToken)
    {
        var item = DynamoDbTable.Key(pk, Sort);
        item["failures"] = Number(next.Failures);
        item["version"] = Number(version + 1);
        if (next.LockedUntil is { } lockedUntil)
        {
            item["lockedUntil"] = Number(lockedUntil.ToUnixTimeMilliseconds());
        }

        var request = new PutItemRequest { TableName = table.Name, Item = item };
        if (version == 0)
        {
            request.ConditionExpression = "attribute_not_exists(pk)";
        }
        else
        {
            request.ConditionExpression = "version = :version";
            request.ExpressionAttributeValues = new() { [":version"] = Number(version) };
        }

        return table.TryWriteAsync(token => table.Client.PutItemAsync(request, token), cancellationToken);
    }

    private static MfaAttempts Read(Dictionary<string, AttributeValue> item) => new(
        int.Parse(item["failures"].N, CultureInfo.InvariantCulture),
        item.TryGetValue("lockedUntil", out var locked) ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(locked.N, CultureInfo.InvariantCulture)) : null);

    private static AttributeValue Number(long value) => new() { N = value.ToString(CultureInfo.InvariantCulture) };
}
