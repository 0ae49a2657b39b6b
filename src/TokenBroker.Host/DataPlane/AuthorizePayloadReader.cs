using System.Net;
using System.Text.Json;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Errors;

namespace TokenBroker.Host.DataPlane;

/// <summary>
/// Reads the JSON body of POST /authorize strictly: an object with known fields of the right types and sizes, an
/// absolute http(s) URL, headers as strings (or lists of strings), a 64-hex-digit bodySha256. Every problem is a 400
/// with a message that names the field; nothing reaches the decision unchecked.
/// </summary>
internal static class AuthorizePayloadReader
{
    private const int MaxHeaders = 100;
    private const int MaxUrlLength = 8192;
    private const int MaxContextKeys = 50;
    private static readonly string[] Fields = ["method", "url", "headers", "bodySha256", "action", "resource", "context", "sourceIp", "userAgent"];
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    /// <summary>The checked payload, or SerializationException / ValidationException.</summary>
    public static StsResult<AuthorizePayload> Read(ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Options);
        }
        catch (JsonException exception)
        {
            return DataPlaneErrors.Serialization("The request body is not valid JSON: " + exception.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return DataPlaneErrors.Serialization("The request body must be a JSON object.");
            }

            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.Contains(property.Name, StringComparer.Ordinal))
                {
                    return DataPlaneErrors.Validation($"Unknown field '{property.Name}'; expected {string.Join(", ", Fields)}.");
                }
            }

            return ReadFields(root);
        }
    }

    private static StsResult<AuthorizePayload> ReadFields(JsonElement root)
    {
        var methodText = Text(root, "method", 16, required: true);
        if (!methodText.IsSuccess)
        {
            return methodText.Error;
        }

        var method = methodText.Value!;
        if (method.Any(c => !char.IsAsciiLetterUpper(c)))
        {
            return DataPlaneErrors.Validation("'method' must be an HTTP method in upper case, for example GET.");
        }

        var urlText = Text(root, "url", MaxUrlLength, required: true);
        if (!urlText.IsSuccess)
        {
            return urlText.Error;
        }

        if (!ForwardedUrl.TryParse(urlText.Value!, out var url))
        {
            return DataPlaneErrors.Validation("'url' must be an absolute http:// or https:// URL.");
        }

        var headers = Headers(root, url);
        if (!headers.IsSuccess)
        {
            return headers.Error;
        }

        var optional = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, max) in (ReadOnlySpan<(string, int)>)[("bodySha256", 64), ("action", 256), ("resource", 2048), ("sourceIp", 64), ("userAgent", 1024)])
        {
            var value = Text(root, name, max, required: false);
            if (!value.IsSuccess)
            {
                return value.Error;
            }

            optional[name] = value.Value;
        }

        if (optional["bodySha256"] is { } bodyHash && (bodyHash.Length != 64 || !bodyHash.All(char.IsAsciiHexDigit)))
        {
            return DataPlaneErrors.Validation("'bodySha256' must be the hex SHA-256 of the body (64 hex digits).");
        }

        if (optional["sourceIp"] is { } sourceIp && !IPAddress.TryParse(sourceIp, out _))
        {
            return DataPlaneErrors.Validation("'sourceIp' must be an IPv4 or IPv6 address.");
        }

        var payloadHash = PayloadHash(headers.Value, optional["bodySha256"]);
        if (!payloadHash.IsSuccess)
        {
            return payloadHash.Error;
        }

        var context = Context(root);
        if (!context.IsSuccess)
        {
            return context.Error;
        }

        var request = new SigV4Request(method, url.RawPath, url.RawQuery, headers.Value, ReadOnlyMemory<byte>.Empty) { PayloadHash = payloadHash.Value };
        return new AuthorizePayload(request, optional["action"], optional["resource"], context.Value, optional["sourceIp"], url.IsHttps, optional["userAgent"]);
    }

    /// <summary>
    /// The payload hash to verify with: x-amz-content-sha256 as the client signed it, which must agree with the hash of
    /// the body the server received when it says so (UNSIGNED-PAYLOAD excepted); else that hash; else the empty body's.
    /// </summary>
    internal static StsResult<string> PayloadHash(IReadOnlyList<KeyValuePair<string, string>> headers, string? bodySha256)
    {
        var declared = HeaderList.Join(headers, "x-amz-content-sha256")?.Trim();
        if (declared is not null && bodySha256 is not null && declared != "UNSIGNED-PAYLOAD"
            && !string.Equals(declared, bodySha256, StringComparison.OrdinalIgnoreCase))
        {
            return StsErrors.SignatureDoesNotMatch("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        return declared ?? bodySha256?.ToLowerInvariant() ?? "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    }

    private static StsResult<List<KeyValuePair<string, string>>> Headers(JsonElement root, ForwardedUrl url)
    {
        var headers = new List<KeyValuePair<string, string>>();
        if (root.TryGetProperty("headers", out var element) && element.ValueKind != JsonValueKind.Null)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return DataPlaneErrors.Validation("'headers' must be an object of header names to strings.");
            }

            foreach (var header in element.EnumerateObject())
            {
                var values = header.Value.ValueKind switch
                {
                    JsonValueKind.String => [header.Value.GetString()!],
                    JsonValueKind.Array when header.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                        header.Value.EnumerateArray().Select(v => v.GetString()!).ToList(),
                    _ => null,
                };
                if (values is null || header.Name.Length == 0 || header.Name.Any(c => c <= ' ' || c == ':' || c > '~'))
                {
                    return DataPlaneErrors.Validation($"Header '{header.Name}' must have a token name and a string value (or a list of strings).");
                }

                headers.AddRange(values.Select(v => new KeyValuePair<string, string>(header.Name, v)));
                if (headers.Count > MaxHeaders)
                {
                    return DataPlaneErrors.Validation($"At most {MaxHeaders} headers may be given.");
                }
            }
        }

        // The Host the client signed is the URL's authority unless the server passed the header itself.
        if (!HeaderList.Contains(headers, "host"))
        {
            headers.Add(new("Host", url.Authority));
        }

        return headers;
    }

    private static StsResult<Dictionary<string, IReadOnlyList<string>>> Context(JsonElement root)
    {
        var context = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase);
        if (!root.TryGetProperty("context", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return context;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return DataPlaneErrors.Validation("'context' must be an object of condition keys to strings or lists of strings.");
        }

        foreach (var key in element.EnumerateObject())
        {
            List<string>? values = key.Value.ValueKind switch
            {
                JsonValueKind.String => [key.Value.GetString()!],
                JsonValueKind.Array when key.Value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String) =>
                    key.Value.EnumerateArray().Select(v => v.GetString()!).ToList(),
                _ => null,
            };
            if (values is null || values.Count == 0 || key.Name.Length is 0 or > 256 || !context.TryAdd(key.Name, values) || context.Count > MaxContextKeys)
            {
                return DataPlaneErrors.Validation($"Context key '{key.Name}' must be unique and have a string value or a non-empty list of strings (at most {MaxContextKeys} keys).");
            }
        }

        return context;
    }

    private static StsResult<string?> Text(JsonElement root, string name, int maxLength, bool required)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return required ? DataPlaneErrors.Validation($"'{name}' is required.") : (string?)null;
        }

        if (element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } value || value.Length > maxLength)
        {
            return DataPlaneErrors.Validation($"'{name}' must be a non-empty string of at most {maxLength} characters.");
        }

        return value;
    }
}
