using Microsoft.Data.Sqlite;
using TokenBroker.Core.Audit;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// The audit log's single writer: one connection and one prepared insert kept between batches, each batch committed
/// in one transaction (synchronous = FULL, so the commit is on disk when it returns). Not thread-safe: only the
/// audit log's write loop uses it.
/// </summary>
internal sealed class SqliteAuditBatchWriter(SqliteDatabase database)
{
    private static readonly string[] ParameterNames =
    [
        "$time", "$request_id", "$action", "$outcome", "$error_code", "$caller_arn", "$caller_access_key_id", "$source_ip",
        "$user_agent", "$role_arn", "$session_name", "$source_identity", "$issued_access_key_id", "$expiration",
        "$packed_policy_size", "$expires_at", "$mfa_serial_number",
    ];

    private SqliteConnection? _connection;
    private SqliteCommand? _insert;
    private SqliteParameter[] _parameters = [];

    /// <summary>Inserts the records in one transaction and commits it.</summary>
    public async Task CommitAsync(IReadOnlyList<AuditRecord> records, TimeSpan retention)
    {
        if (_connection is null || _insert is null)
        {
            _connection = await database.OpenConnectionAsync(CancellationToken.None);
            _insert = SqliteDatabase.Command(_connection, null, SqliteAuditLog.InsertSql);
            _parameters = Array.ConvertAll(ParameterNames, name => _insert.Parameters.Add(new SqliteParameter { ParameterName = name }));
        }

        await using var transaction = (SqliteTransaction)await _connection.BeginTransactionAsync();
        _insert.Transaction = transaction;
        foreach (var record in records)
        {
            Bind(record, retention);
            await _insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        _insert.Transaction = null;
    }

    /// <summary>Closes the connection (after a failure, or when the log closes); the next batch opens a new one.</summary>
    public async Task ResetAsync()
    {
        if (_insert is not null)
        {
            await _insert.DisposeAsync();
            _insert = null;
        }

        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }

    private void Bind(AuditRecord record, TimeSpan retention)
    {
        Set(0, record.Time.ToUnixTimeMilliseconds());
        Set(1, record.RequestId);
        Set(2, record.Action);
        Set(3, record.Outcome.ToString());
        Set(4, record.ErrorCode);
        Set(5, record.CallerArn);
        Set(6, record.CallerAccessKeyId);
        Set(7, record.SourceIp);
        Set(8, record.UserAgent);
        Set(9, record.RoleArn);
        Set(10, record.SessionName);
        Set(11, record.SourceIdentity);
        Set(12, record.IssuedAccessKeyId);
        Set(13, record.Expiration?.ToUnixTimeMilliseconds());
        Set(14, record.PackedPolicySize);
        Set(15, (record.Time + retention).ToUnixTimeMilliseconds());
        Set(16, record.MfaSerialNumber);
    }

    private void Set(int index, object? value) => _parameters[index].Value = value ?? DBNull.Value;
}
