using System.Collections;
using System.Globalization;

namespace TokenBroker.Host.Logging;

/// <summary>
/// Log state (or a scope) with every value redacted: structured providers read the pairs, text providers the message.
/// A value whose name is sensitive is masked whatever it holds.
/// </summary>
internal sealed class RedactedLogState : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly KeyValuePair<string, object?>[] _values;

    private RedactedLogState(KeyValuePair<string, object?>[] values, string message)
    {
        _values = values;
        Message = message;
    }

    /// <summary>The redacted message (or scope text).</summary>
    public string Message { get; }

    public int Count => _values.Length;

    public KeyValuePair<string, object?> this[int index] => _values[index];

    /// <summary>Redacts the pairs of a structured state, and the text a provider would print for it.</summary>
    public static RedactedLogState From<TState>(TState state, string? text)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            return new RedactedLogState([], LogRedaction.Redact(text));
        }

        var values = pairs.ToArray();
        var message = text ?? "";
        foreach (var (key, value) in values)
        {
            // A value logged under a sensitive name ({Authorization}) is masked in the message too, whatever it looks like.
            if (key != "{OriginalFormat}" && LogRedaction.IsSensitiveName(key)
                && Convert.ToString(value, CultureInfo.InvariantCulture) is { Length: > 0 } secret)
            {
                message = message.Replace(secret, LogRedaction.Mask, StringComparison.Ordinal);
            }
        }

        var redacted = Array.ConvertAll(values, pair => new KeyValuePair<string, object?>(pair.Key, RedactValue(pair.Key, pair.Value)));
        return new RedactedLogState(redacted, LogRedaction.Redact(message));
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;

    // Numbers, flags, times and ids stay typed (a JSON provider writes them as such); anything printed as text is redacted.
    private static object? RedactValue(string key, object? value)
    {
        if (value is null || key == "{OriginalFormat}")
        {
            return value;
        }

        if (LogRedaction.IsSensitiveName(key))
        {
            return LogRedaction.Mask;
        }

        if (value is bool or byte or short or int or long or float or double or decimal or Enum or DateTime or DateTimeOffset or TimeSpan or Guid)
        {
            return value;
        }

        var text = Convert.ToString(value, CultureInfo.InvariantCulture);
        var redacted = LogRedaction.Redact(text);
        return ReferenceEquals(text, redacted) && value is not IEnumerable ? value : redacted;
    }
}
