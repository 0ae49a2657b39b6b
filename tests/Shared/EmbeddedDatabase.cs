using Microsoft.Data.Sqlite;
using TokenBroker.Embedded;

namespace TokenBroker.Tests;

/// <summary>SQL run straight on a data folder's SQLite database, as another process would, to break a table for a failure test and repair it.</summary>
internal static class EmbeddedDatabase
{
    /// <summary>Runs one statement on its own connection (no pool, so nothing stays open after it).</summary>
    public static async Task ExecuteAsync(string dataFolder, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(dataFolder, EmbeddedStore.DatabaseFileName)};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
