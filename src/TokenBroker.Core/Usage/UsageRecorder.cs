using System.Runtime.CompilerServices;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Usage;

/// <summary>
/// Records who used which key and attempted which action, off the request path: <see cref="Record"/> only updates an
/// in-memory table (latest use per key and per entity action), and <see cref="RunAsync"/> writes that table to the
/// store once per <see cref="UsageRecorderOptions.FlushInterval"/>. A store that is down never delays or fails a
/// request: its batch is kept for the next flush as far as <see cref="UsageRecorderOptions.MaxPending"/> allows.
/// </summary>
public sealed class UsageRecorder
{
    private static readonly ConditionalWeakTable<object, string> ArnTexts = new();

    private readonly IUsageStore _store;
    private readonly TimeProvider _timeProvider;
    private readonly UsageRecorderOptions _options;
    private readonly Lock _gate = new();
    private Dictionary<AccessKeyId, AccessKeyUse> _keys = [];
    private Dictionary<(string Entity, string Service, string Action), ActionUse> _actions = [];
    private long _dropped;
    private long _failedFlushes;

    /// <summary>Creates a recorder writing to <paramref name="store"/>.</summary>
    public UsageRecorder(IUsageStore store, TimeProvider timeProvider, UsageRecorderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _timeProvider = timeProvider;
        _options = options ?? UsageRecorderOptions.Default;
    }

    /// <summary>Uses dropped because the pending table was full (the store was down for long, or too many distinct uses).</summary>
    public long DroppedRecords => Interlocked.Read(ref _dropped);

    /// <summary>Flushes that failed because the store refused or was unreachable.</summary>
    public long FailedFlushes => Interlocked.Read(ref _failedFlushes);

    /// <summary>Called with the failure of each flush that failed, for the host to log.</summary>
    public Action<Exception>? FlushFailed { get; set; }

    /// <summary>
    /// Notes that the authenticated <paramref name="caller"/> attempted <paramref name="serviceNamespace"/>:<paramref name="actionName"/>
    /// in <paramref name="region"/>, allowed or not (access advisor counts attempts); never blocks on the store.
    /// </summary>
    public void Record(Caller caller, string serviceNamespace, string actionName, string region)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrEmpty(serviceNamespace);
        ArgumentException.ThrowIfNullOrEmpty(actionName);
        ArgumentNullException.ThrowIfNull(region);
        var now = _timeProvider.GetUtcNow();
        var entity = EntityArn(caller);
        lock (_gate)
        {
            if (!caller.AccessKeyId.IsTemporary)
            {
                Put(_keys, caller.AccessKeyId, new AccessKeyUse(caller.AccessKeyId, now, region, serviceNamespace));
            }

            if (entity is not null)
            {
                Put(_actions, (entity, serviceNamespace, actionName), new ActionUse(entity, serviceNamespace, actionName, now, region));
            }
        }
    }

    /// <summary>Writes the pending uses now; on failure they stay pending (as far as the bound allows) and the failure is thrown.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        // Each flush takes the table it writes; concurrent flushes write disjoint batches, and the store keeps the later use.
        Dictionary<AccessKeyId, AccessKeyUse> keys;
        Dictionary<(string, string, string), ActionUse> actions;
        lock (_gate)
        {
            (keys, _keys) = (_keys, []);
            (actions, _actions) = (_actions, []);
        }

        if (keys.Count == 0 && actions.Count == 0)
        {
            return;
        }

        try
        {
            await _store.WriteAsync(keys.Values, actions.Values, cancellationToken);
        }
        catch
        {
            Requeue(keys, actions);
            throw;
        }
    }

    /// <summary>Flushes once per interval until cancelled, then once more; failures are counted and reported, never thrown.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.FlushInterval, _timeProvider, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            await TryFlushAsync(cancellationToken);
        }

        await TryFlushAsync(CancellationToken.None);
    }

    private async Task TryFlushAsync(CancellationToken cancellationToken)
    {
        try
        {
            await FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the final flush after the loop writes what is pending.
        }
        catch (Exception exception)
        {
            Interlocked.Increment(ref _failedFlushes);
            FlushFailed?.Invoke(exception);
        }
    }

    // The store is written with the entity whose policies govern the attempt: a session acts with its role's or its
    // user's policies, so access advisor reports it there (access_policies_last-accessed: role report → the role).
    private static string? EntityArn(Caller caller) => caller.Kind switch
    {
        PrincipalKind.User or PrincipalKind.UserSession when caller.User is { } user => Text(user, static user => ((IamUser)user).Arn),
        PrincipalKind.AssumedRole or PrincipalKind.FederatedUser when caller.Session is { } session =>
            Text(session, static session => ((SessionClaims)session).IssuerArn),
        _ => null,
    };

    // Keyed by the user record or the verified session, the same objects for every request of a warm credential, so
    // each ARN is rendered once rather than once per request. (An IamUser's Arn is built anew on every read: keyed by
    // it, every request would add an entry, and a weak-table entry is a GC handle every collection must visit.)
    private static string Text(object owner, Func<object, Arn> arn)
    {
        if (!ArnTexts.TryGetValue(owner, out var text))
        {
            text = arn(owner).ToString();
            ArnTexts.AddOrUpdate(owner, text);
        }

        return text;
    }

    private void Requeue(Dictionary<AccessKeyId, AccessKeyUse> keys, Dictionary<(string, string, string), ActionUse> actions)
    {
        lock (_gate)
        {
            foreach (var (id, use) in keys)
            {
                Put(_keys, id, use);
            }

            foreach (var (key, use) in actions)
            {
                Put(_actions, key, use);
            }
        }
    }

    // Keeps the later use; a new entry only while the pending table has room (bounded memory when the store is down).
    private void Put<TKey, TValue>(Dictionary<TKey, TValue> pending, TKey key, TValue use, Func<TValue, DateTimeOffset> usedAt)
        where TKey : notnull
    {
        if (pending.TryGetValue(key, out var existing))
        {
            if (usedAt(use) >= usedAt(existing))
            {
                pending[key] = use;
            }

            return;
        }

        if (_keys.Count + _actions.Count >= _options.MaxPending)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        pending[key] = use;
    }

    private void Put(Dictionary<AccessKeyId, AccessKeyUse> pending, AccessKeyId key, AccessKeyUse use) => Put(pending, key, use, u => u.UsedAt);

    private void Put(Dictionary<(string, string, string), ActionUse> pending, (string, string, string) key, ActionUse use) =>
        Put(pending, key, use, u => u.UsedAt);
}
