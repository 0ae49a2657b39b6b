namespace TokenBroker.Host.Hosting;

/// <summary>
/// A payload 2.0 response: API Gateway turns each cookie into a set-cookie header and decodes a base64 body. The body
/// is always sent base64 so that API Gateway returns the bytes the app wrote, whatever their content type.
/// </summary>
internal sealed record HttpApiResponse(
    int StatusCode,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyList<string> Cookies,
    string Body,
    bool IsBase64Encoded);
