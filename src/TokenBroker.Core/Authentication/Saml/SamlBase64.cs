namespace TokenBroker.Core.Authentication.Saml;

/// <summary>Strict base64 for SAMLResponse: the standard alphabet, padding only at the end, line breaks tolerated.</summary>
internal static class SamlBase64
{
    /// <summary>The decoded bytes, or null when the text is too long or is not strict base64.</summary>
    public static byte[]? Decode(string? text, int maxLength)
    {
        if (text is null || text.Length is 0 || text.Length > maxLength)
        {
            return null;
        }

        var padding = false;
        foreach (var c in text)
        {
            // Line breaks are what MIME-style encoders (Shibboleth, some Java IdPs) insert; nothing else is tolerated.
            if (c is '\r' or '\n')
            {
                continue;
            }

            if (c == '=')
            {
                padding = true;
            }
            else if (padding || !(char.IsAsciiLetterOrDigit(c) || c is '+' or '/'))
            {
                return null;
            }
        }

        var bytes = new byte[text.Length * 3 / 4];
        return Convert.TryFromBase64String(text, bytes, out var written) ? bytes[..written] : null;
    }
}
