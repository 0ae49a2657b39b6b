using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Core.Model;

/// <summary>An access key id: AKIA… for long-term IAM user keys, ASIA… for temporary credentials.</summary>
public readonly record struct AccessKeyId
{
    /// <summary>Prefix of long-term keys.</summary>
    public const string LongTermPrefix = "AKIA";

    /// <summary>Prefix of temporary (STS) keys.</summary>
    public const string TemporaryPrefix = "ASIA";

    private AccessKeyId(string value) => Value = value;

    /// <summary>The id as issued.</summary>
    public string Value { get; }

    /// <summary>True for ASIA… keys, which need a session token.</summary>
    public bool IsTemporary => Value.StartsWith(TemporaryPrefix, StringComparison.Ordinal);

    /// <summary>Accepts 16..128 word characters, the STS shape of an access key id.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AccessKeyId id)
    {
        id = default;
        if (text is null || text.Length is < 16 or > 128)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                return false;
            }
        }

        id = new AccessKeyId(text);
        return true;
    }

    /// <summary>Parses or throws; for trusted input.</summary>
    public static AccessKeyId Parse(string text) =>
        TryParse(text, out var id) ? id : throw new FormatException("Not an access key id.");

    /// <summary>The key id's text.</summary>
    public override string ToString() => Value;
}
