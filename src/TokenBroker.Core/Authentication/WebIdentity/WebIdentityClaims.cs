using System.Text.Json;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>Typed readers for JWT claims (RFC 7519 §4.1) that refuse anything but the documented JSON type.</summary>
internal static class WebIdentityClaims
{
    /// <summary>253402300799 is 9999-12-31T23:59:59Z, the last second DateTimeOffset can hold.</summary>
    private const long MaxNumericDate = 253_402_300_799;

    /// <summary>Absent: (true, null). Present: an integer NumericDate or not valid ("Timestamps ... must be ... an integer or a long integer", STS model).</summary>
    public static (bool Valid, long? Value) NumericDate(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            return (true, null);
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var seconds) && seconds is >= 0 and <= MaxNumericDate
            ? (true, seconds)
            : (false, null);
    }

    /// <summary>A string claim, null when absent; invalid when present with another type.</summary>
    public static (bool Valid, string? Value) String(JsonElement claims, string name)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            return (true, null);
        }

        return value.ValueKind == JsonValueKind.String ? (true, value.GetString()) : (false, null);
    }

    /// <summary>A string or an array of strings (aud, amr, the roles claim); empty when absent, null when malformed.</summary>
    public static IReadOnlyList<string>? StringOrArray(JsonElement claims, string name, int maxCount)
    {
        if (!claims.TryGetProperty(name, out var value))
        {
            return [];
        }

        if (value.ValueKind == JsonValueKind.String)
        {
            return [value.GetString()!];
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() > maxCount)
        {
            return null;
        }

        var items = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                return null;
            }

            items.Add(item.GetString()!);
        }

        return items;
    }

    /// <summary>
    /// A provider-specific claim as condition-key text, found by following <paramref name="path"/> through objects: a
    /// string as is, a number in its JSON form (numeric operators parse it), true or false as Bool compares them, and an
    /// array of those as a multi-valued key. Null, objects, nested arrays and empty arrays give null: the key is absent.
    /// </summary>
    public static ClaimValues? Provider(JsonElement claims, IReadOnlyList<string> path)
    {
        var value = claims;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return null;
            }
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            return Scalar(value) is { } single ? new ClaimValues([single], false) : null;
        }

        var items = new List<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (Scalar(item) is not { } text)
            {
                return null;
            }

            items.Add(text);
        }

        return items.Count > 0 ? new ClaimValues(items, true) : null;
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };
}
