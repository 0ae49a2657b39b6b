using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace TokenBroker.Policy.Conditions;

/// <summary>Parses the typed values the Numeric, Date and IP operators compare, identically for policy and request.</summary>
internal static class ValueParsers
{
    /// <summary>Numeric operators accept integers and decimals (IAM User Guide, "Numeric condition operators").</summary>
    public static bool TryParseNumber(ReadOnlySpan<char> text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value);

    /// <summary>
    /// Date operators accept W3C ISO 8601 dates or epoch seconds (IAM User Guide, "Date condition operators").
    /// A value of digits only is epoch seconds; anything else must parse as an ISO 8601 date, read as UTC when it
    /// carries no offset.
    /// </summary>
    public static bool TryParseDate(ReadOnlySpan<char> text, out long utcTicks)
    {
        utcTicks = 0;
        if (text.Length == 0)
        {
            return false;
        }

        if (IsEpoch(text))
        {
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                || seconds > 253402300799m)
            {
                return false;
            }

            utcTicks = DateTimeOffset.UnixEpoch.Ticks + (long)(seconds * TimeSpan.TicksPerSecond);
            return true;
        }

        if (text.Length < 10 || text[4] != '-'
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            return false;
        }

        utcTicks = date.UtcTicks;
        return true;
    }

    /// <summary>Parses an IP address, unmapping IPv4-mapped IPv6 so <c>::ffff:192.0.2.1</c> compares as IPv4.</summary>
    public static byte[]? TryParseAddress(ReadOnlySpan<char> text)
    {
        if (text.Contains('/') || !IPAddress.TryParse(text, out var address))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.GetAddressBytes();
    }

    /// <summary>
    /// Parses a CIDR block; a bare address is a single host (/32 or /128). Host bits are cleared, and an
    /// IPv4-mapped IPv6 block of prefix 96 or more becomes the IPv4 block it maps (decision: docs/policy-simulate.md).
    /// </summary>
    public static IpNetwork? TryParseNetwork(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var addressText = slash < 0 ? text.AsSpan() : text.AsSpan(0, slash);
        if (!IPAddress.TryParse(addressText, out var address))
        {
            return null;
        }

        var maxPrefix = address.AddressFamily == AddressFamily.InterNetwork ? 32 : 128;
        var prefix = maxPrefix;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix)
            || prefix > maxPrefix))
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6 && prefix >= 96)
        {
            address = address.MapToIPv4();
            prefix -= 96;
        }

        return new IpNetwork(address.GetAddressBytes(), prefix);
    }

    private static bool IsEpoch(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not (>= '0' and <= '9') and not '.')
            {
                return false;
            }
        }

        return true;
    }
}
