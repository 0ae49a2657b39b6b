using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The audit log in the SQLite database with group commit: requests enqueue their record and wait while one writer
/// commits everything queued so far in a single transaction (one fsync for many requests), so durability does not
/// cap throughput at one fsync per request. A failed commit fails every request of its batch. The writer keeps one
/// connection and one prepared insert (<see cref="SqliteAuditBatchWriter"/>) between batches.
/// </summary>
public sealed class SqliteAuditLog : IAuditLog, IAsyncDisposable
{
    /// <summary>How long records are kept by default; CloudTrail's event history keeps 90 days.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromDays(90);

    // A batch closes at this many records; under load the queue fills a batch while the previous one commits.
    private const int MaxBatch = 512;

    private const string InsertSql =
        """
        INSERT INTO audit_log (time, request_id, action, outcome, error_code, caller_arn, caller_access_key_id, source_ip,
            user_agent, role_arn, session_name, source_identity, issued_access_key_id, expiration, packed_policy_size, expires_at,
            mfa_serial_number, request_parameters, response_elements)
        VALUES ($time, $request_id, $action, $outcome, $error_code, $caller_arn, $caller_access_key_id, $source_ip,
            $user_agent, $role_arn, $session_name, $source_identity, $issued_access_key_id, $expiration, $packed_policy_size, $expires_at,
            $mfa_serial_number, $request_parameters, $response_elements);
        """;

    private readonly SqliteDatabase _database;
    // Synchronous continuations: the only reader is the writer thread, blocked in WaitToReadAsync; a record wakes it
    // from the enqueuing thread directly instead of through a thread-pool work item queued behind the requests.
    private readonly Channel<PendingRecord> _queue = Channel.CreateUnbounded<PendingRecord>(
        new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = true });
    private readonly Lazy<Task> _writer;

    internal SqliteAuditLog(SqliteDatabase database)
    {
        _database = database;
        _writer = new Lazy<Task>(() => Task.Factory.StartNew(WriteLoop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
    }

    /// <summary>How long records are kept (TOKENBROKER_AUDIT_RETENTION_DAYS): written as expires_at, applied by <see cref="PruneAsync"/>.</summary>
    public TimeSpan Retention { get; set; } = DefaultRetention;

    /// <summary>Deletes the records older than <see cref="Retention"/> at <paramref name="now"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        // By time (indexed), not expires_at: a shortened retention applies to the records already written.
        await using var command = SqliteDatabase.Command(connection, null, "DELETE FROM audit_log WHERE time < $cutoff;",
            ("$cutoff", (now - Retention).ToUnixTimeMilliseconds()));
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var pending = new PendingRecord(record, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _ = _writer.Value;
        ObjectDisposedException.ThrowIf(!_queue.Writer.TryWrite(pending), this);

        // The record is committed or failed by the writer; a cancelled request stops waiting but the record stays queued.
        await pending.Written.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        await using var command = SqliteDatabase.Command(connection, null,
            """
            SELECT time, request_id, action, outcome, error_code, caller_arn, caller_access_key_id, source_ip, user_agent,
                role_arn, session_name, source_identity, issued_access_key_id, expiration, packed_policy_size, mfa_serial_number,
                request_parameters, response_elements
            FROM audit_log
            WHERE ($since IS NULL OR time >= $since) AND ($action IS NULL OR action = $action)
            ORDER BY time DESC, id DESC LIMIT $limit;
            """,
            ("$since", query.Since?.ToUnixTimeMilliseconds()), ("$action", query.Action), ("$limit", query.Limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var records = new List<AuditRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(Read(reader));
        }

        return records;
    }

    /// <summary>Stops accepting records and waits until every queued one is committed.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer.IsValueCreated)
        {
            await _writer.Value;
        }
    }

    // Runs on its own thread: the commit's fsync blocks, and a thread-pool thread blocked there is one fewer to serve
    // requests on a machine with one or two cores. Only the completions go back to the pool.
    private void WriteLoop()
    {
        var batch = new List<PendingRecord>(MaxBatch);
        var records = new List<AuditRecord>(MaxBatch);
        using var writer = new SqliteAuditBatchWriter(_database, InsertSql, Bind);
        while (_queue.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
                records.Add(pending.Record);
            }

            try
            {
                writer.Commit(records);
                batch.ForEach(p => p.Written.TrySetResult());
            }
            catch (Exception exception)
            {
                // The writer has dropped its connection: the next batch opens a fresh one.
                batch.ForEach(p => p.Written.TrySetException(exception));
            }

            batch.Clear();
            records.Clear();
        }
    }

    private void Bind(SqliteAuditInsert values, AuditRecord record)
    {
        values.Set("$time", record.Time.ToUnixTimeMilliseconds());
        values.Set("$request_id", record.RequestId);
        values.Set("$action", record.Action);
        values.Set("$outcome", record.Outcome.ToString());
        values.Set("$error_code", record.ErrorCode);
        values.Set("$caller_arn", record.CallerArn);
        values.Set("$caller_access_key_id", record.CallerAccessKeyId);
        values.Set("$source_ip", record.SourceIp);
        values.Set("$user_agent", record.UserAgent);
        values.Set("$role_arn", record.RoleArn);
        values.Set("$session_name", record.SessionName);
        values.Set("$source_identity", record.SourceIdentity);
        values.Set("$issued_access_key_id", record.IssuedAccessKeyId);
        values.Set("$expiration", record.Expiration?.ToUnixTimeMilliseconds());
        values.Set("$packed_policy_size", record.PackedPolicySize);
        values.Set("$expires_at", (record.Time + Retention).ToUnixTimeMilliseconds());
        values.Set("$mfa_serial_number", record.MfaSerialNumber);
        values.Set("$request_parameters", Json(record.RequestParameters));
        values.Set("$response_elements", Json(record.ResponseElements));
    }

    private static AuditRecord Read(SqliteDataReader reader) => new(
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)),
        reader.GetString(1),
        reader.GetString(2),
        Enum.Parse<AuditOutcome>(reader.GetString(3)),
        Text(reader, 4),
        Text(reader, 5),
        Text(reader, 6),
        Text(reader, 7),
        Text(reader, 8),
        Text(reader, 9),
        Text(reader, 10),
        Text(reader, 11),
        Text(reader, 12),
        reader.IsDBNull(13) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(13)),
        reader.IsDBNull(14) ? null : reader.GetInt32(14),
        Text(reader, 15),
        Dictionary(reader, 16),
        Dictionary(reader, 17));

    private static string? Json(IReadOnlyDictionary<string, string>? values) =>
        values is null ? null : JsonSerializer.Serialize(values, DirectoryJsonContext.Columns.IReadOnlyDictionaryStringString);

    private static IReadOnlyDictionary<string, string>? Dictionary(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : JsonSerializer.Deserialize(reader.GetString(ordinal), DirectoryJsonContext.Columns.IReadOnlyDictionaryStringString);

    private static string? Text(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private sealed record PendingRecord(AuditRecord Record, TaskCompletionSource Written);
}
