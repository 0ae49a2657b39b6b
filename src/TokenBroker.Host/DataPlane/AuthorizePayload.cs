using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Host.DataPlane;

/// <summary>The body of POST /authorize, checked: the forwarded request, the optional action, resource and context, and transport facts.</summary>
internal sealed record AuthorizePayload(
    SigV4Request Request,
    string? Action,
    string? Resource,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Context,
    string? SourceIp,
    bool SecureTransport,
    string? UserAgent);
