using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Host.DataPlane;

/// <summary>An absolute http(s) URL split without normalising anything, so the path and query stay exactly as signed.</summary>
internal sealed record ForwardedUrl(bool IsHttps, string Authority, string RawPath, string RawQuery)
{
    /// <summary>Splits scheme://authority/path?query#fragment; false for anything else.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out ForwardedUrl? url)
    {
        url = null;
        var https = text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        if (!https && !text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = text[(https ? 8 : 7)..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var end = rest.IndexOfAny(['/', '?']);
        var authority = end < 0 ? rest : rest[..end];
        var target = end < 0 ? "/" : rest[end..];
        if (authority.Length == 0 || authority.Any(c => c <= ' ' || c == '@'))
        {
            return false;
        }

        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        url = new ForwardedUrl(https, authority, path.Length == 0 ? "/" : path, question < 0 ? "" : target[(question + 1)..]);
        return true;
    }
}
