using System.Text.Json;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// JsonDocument accepts invalid UTF-8 inside strings and lone-surrogate escapes ("\ud800"), and throws only when such
/// a string is read. Documents from outside are checked once here, so no later read of a claim or key can throw.
/// </summary>
internal static class JsonText
{
    /// <summary>True when every property name and string value in <paramref name="element"/> decodes to well-formed UTF-16.</summary>
    public static bool IsWellFormed(JsonElement element)
    {
        try
        {
            Read(element);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static void Read(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    _ = property.Name;
                    Read(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Read(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }
}
