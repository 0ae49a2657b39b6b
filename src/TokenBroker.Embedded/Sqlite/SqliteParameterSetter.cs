using Microsoft.Data.Sqlite;

namespace TokenBroker.Embedded.Sqlite;

/// <summary>
/// Sets a reused command's parameters by name: the first time a name is set it is added, later times only its value
/// changes, so a prepared statement is bound again without new parameter objects. Names set in the same order each
/// time are found at the next position without a search.
/// </summary>
internal ref struct SqliteParameterSetter(SqliteCommand command)
{
    private int _next;

    /// <summary>Sets the value of <paramref name="name"/>; null binds SQL NULL.</summary>
    public void Set(string name, object? value)
    {
        var parameters = command.Parameters;
        var index = _next < parameters.Count && string.Equals(parameters[_next].ParameterName, name, StringComparison.Ordinal)
            ? _next
            : parameters.IndexOf(name);
        if (index < 0)
        {
            parameters.Add(new SqliteParameter(name, value ?? DBNull.Value));
            index = parameters.Count - 1;
        }
        else
        {
            parameters[index].Value = value ?? DBNull.Value;
        }

        _next = index + 1;
    }
}
