using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Core.Model;

/// <summary>A 12-digit AWS account id.</summary>
public readonly record struct AccountId
{
    private AccountId(string value) => Value = value;

    /// <summary>The twelve digits.</summary>
    public string Value { get; }

    /// <summary>Parses exactly twelve ASCII digits.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AccountId accountId)
    {
        accountId = default;
        if (text is null || text.Length != 12)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        accountId = new AccountId(text);
        return true;
    }

    /// <summary>Parses or throws; for trusted input such as configuration.</summary>
    public static AccountId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("An account id is exactly 12 digits.");

    /// <summary>The twelve digits.</summary>
    public override string ToString() => Value;
}
