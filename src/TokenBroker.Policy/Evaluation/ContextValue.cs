using TokenBroker.Policy.Conditions;

namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// The values of one request context key. Each typed reading (number, date, address) is parsed on the first condition
/// that asks for it and kept, so evaluation does not allocate after that and keys no condition reads cost no parsing.
/// </summary>
internal sealed class ContextValue
{
    private decimal?[]? _numbers;
    private long?[]? _dates;
    private byte[]?[]? _addresses;

    public ContextValue(string[] values, bool isMultiValued)
    {
        Values = values;
        IsMultiValued = isMultiValued;
    }

    // Boolean keys (aws:SecureTransport, aws:ViaAWSService, aws:MultiFactorAuthPresent...) are set on every request:
    // their values are shared like any other, never mutated.
    private static readonly ContextValue True = new(["true"], isMultiValued: false);
    private static readonly ContextValue False = new(["false"], isMultiValued: false);

    public string[] Values { get; }

    /// <summary>A single value; "true" and "false" come from two shared instances.</summary>
    public static ContextValue Single(string value) => value switch
    {
        "true" => True,
        "false" => False,
        _ => new ContextValue([value], isMultiValued: false),
    };

    /// <summary>Gets a value indicating whether the key is multivalued (given as an array), which decides whether plain operators apply.</summary>
    public bool IsMultiValued { get; }

    // Contexts share their values between copies, so two threads may parse at once: both compute the same array and
    // either may be kept.
    public decimal?[] Numbers => Volatile.Read(ref _numbers) ?? Publish(ref _numbers, ParseNumbers(Values));

    public long?[] Dates => Volatile.Read(ref _dates) ?? Publish(ref _dates, ParseDates(Values));

    public byte[]?[] Addresses => Volatile.Read(ref _addresses) ?? Publish(ref _addresses, ParseAddresses(Values));

    private static T[] Publish<T>(ref T[]? slot, T[] parsed)
    {
        Volatile.Write(ref slot, parsed);
        return parsed;
    }

    private static decimal?[] ParseNumbers(string[] values)
    {
        var numbers = new decimal?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            numbers[i] = ValueParsers.TryParseNumber(values[i], out var number) ? number : null;
        }

        return numbers;
    }

    private static long?[] ParseDates(string[] values)
    {
        var dates = new long?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            dates[i] = ValueParsers.TryParseDate(values[i], out var ticks) ? ticks : null;
        }

        return dates;
    }

    private static byte[]?[] ParseAddresses(string[] values)
    {
        var addresses = new byte[]?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            addresses[i] = ValueParsers.TryParseAddress(values[i]);
        }

        return addresses;
    }
}
