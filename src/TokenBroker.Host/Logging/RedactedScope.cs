using System.Collections;

namespace TokenBroker.Host.Logging;

/// <summary>
/// A scope that is redacted when a provider first reads it (its text or its pairs), not when it begins: ASP.NET Core
/// begins a scope for every request, and a console formatter without IncludeScopes never reads it.
/// </summary>
internal sealed class RedactedScope<TState>(TState state) : IReadOnlyList<KeyValuePair<string, object?>>
    where TState : notnull
{
    private RedactedLogState? _redacted;

    // Two threads reading at once may both redact; they build the same value, and either may be kept.
    private RedactedLogState Redacted => _redacted ??= RedactedLogState.From(state, state.ToString());

    public int Count => Redacted.Count;

    public KeyValuePair<string, object?> this[int index] => Redacted[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Redacted.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Redacted.Message;
}
