namespace TokenBroker.Host.Hosting;

/// <summary>
/// An API Gateway HTTP API event, payload format version 2.0 (API Gateway developer guide, "Create AWS Lambda proxy
/// integrations for HTTP APIs"): duplicate headers arrive comma-joined, cookies apart from the headers.
/// </summary>
internal sealed record HttpApiRequest(
    string? Version,
    string? RawPath,
    string? RawQueryString,
    IReadOnlyList<string>? Cookies,
    IReadOnlyDictionary<string, string>? Headers,
    HttpApiRequestContext? RequestContext,
    string? Body,
    bool IsBase64Encoded);
