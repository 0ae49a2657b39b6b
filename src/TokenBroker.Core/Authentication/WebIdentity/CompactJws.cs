using System.Text;
using System.Text.Json;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// A JWS in compact serialization (RFC 7515 §7.1), split and decoded but not yet trusted: exactly three parts of
/// strict base64url; JSON serialization and JWE (five parts) are refused.
/// </summary>
internal sealed class CompactJws : IDisposable
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    private CompactJws(JsonDocument header, JsonDocument payload, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Payload = payload;
        SigningInput = signingInput;
        Signature = signature;
    }

    /// <summary>The protected header; duplicate member names were refused (RFC 7515 §4 lets us).</summary>
    public JsonDocument Header { get; }

    /// <summary>The claims set; duplicate claim names were refused, so no parser can read a different value.</summary>
    public JsonDocument Payload { get; }

    /// <summary>ASCII(BASE64URL(header) '.' BASE64URL(payload)), what the signature covers.</summary>
    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    /// <summary>Splits and decodes, or returns null for anything that is not a well-formed compact JWS with JSON objects.</summary>
    public static CompactJws? Parse(string token)
    {
        var first = token.IndexOf('.', StringComparison.Ordinal);
        var second = first < 0 ? -1 : token.IndexOf('.', first + 1);
        if (first <= 0 || second < 0 || token.IndexOf('.', second + 1) >= 0 || second == token.Length - 1)
        {
            return null;
        }

        var headerBytes = Base64UrlStrict.Decode(token.AsSpan(0, first));
        var payloadBytes = Base64UrlStrict.Decode(token.AsSpan(first + 1, second - first - 1));
        var signature = Base64UrlStrict.Decode(token.AsSpan(second + 1));
        if (headerBytes is null || payloadBytes is null || signature is null || payloadBytes.Length == 0)
        {
            return null;
        }

        var header = ParseObject(headerBytes);
        var payload = header is null ? null : ParseObject(payloadBytes);
        if (header is null || payload is null)
        {
            header?.Dispose();
            return null;
        }

        return new CompactJws(header, payload, Encoding.ASCII.GetBytes(token, 0, second), signature);
    }

    public void Dispose()
    {
        Header.Dispose();
        Payload.Dispose();
    }

    private static JsonDocument? ParseObject(byte[] json)
    {
        try
        {
            var document = JsonDocument.Parse(json, Strict);
            if (document.RootElement.ValueKind == JsonValueKind.Object && JsonText.IsWellFormed(document.RootElement))
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
