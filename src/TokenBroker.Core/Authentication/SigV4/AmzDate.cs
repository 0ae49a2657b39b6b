using System.Globalization;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>Parses the SigV4 request time: ISO-8601 basic format (X-Amz-Date) or, for the Date header, RFC 1123 too.</summary>
internal static class AmzDate
{
    public const string Format = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Parses "20260101T000000Z" exactly and returns the canonical timestamp text used in the string to sign.</summary>
    public static bool TryParseBasic(string text, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(
            text, Format, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    /// <summary>The Date header may carry either format (SigV4: "x-amz-date or date").</summary>
    public static bool TryParseDateHeader(string text, out DateTimeOffset time) =>
        TryParseBasic(text, out time) ||
        DateTimeOffset.TryParseExact(
            text, "r", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
