using TokenBroker.Policy.Conditions;

namespace TokenBroker.Policy.Evaluation;

/// <summary>The values of one request context key, parsed once so condition evaluation does not allocate.</summary>
internal sealed class ContextValue
{
    public ContextValue(string[] values, bool isMultiValued)
    {
        Values = values;
        IsMultiValued = isMultiValued;
        Numbers = new decimal?[values.Length];
        Dates = new long?[values.Length];
        Addresses = new byte[]?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            Numbers[i] = ValueParsers.TryParseNumber(values[i], out var number) ? number : null;
            Dates[i] = ValueParsers.TryParseDate(values[i], out var ticks) ? ticks : null;
            Addresses[i] = ValueParsers.TryParseAddress(values[i]);
        }
    }

    public string[] Values { get; }

    /// <summary>Gets a value indicating whether the key is multivalued (given as an array), which decides whether plain operators apply.</summary>
    public bool IsMultiValued { get; }

    public decimal?[] Numbers { get; }

    public long?[] Dates { get; }

    public byte[]?[] Addresses { get; }
}
