using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Core.DataPlane;

/// <summary>A request a resource server received and asks about: the signed request, optionally its action and resource, and facts of its transport.</summary>
/// <param name="Request">The signed request; its <see cref="SigV4Request.PayloadHash"/> stands in for a body the broker did not receive.</param>
/// <param name="Action">The action (prefix:Name) when the server decided it, else null (the catalog's routes decide).</param>
/// <param name="Resource">The resource ARN when the server decided it, else null.</param>
/// <param name="Context">Service-specific condition keys (prefix:Key) with their values.</param>
/// <param name="SourceIp">The client's address as the server saw it (aws:SourceIp), or null.</param>
/// <param name="SecureTransport">Whether the client used TLS (aws:SecureTransport).</param>
/// <param name="UserAgent">The client's User-Agent, or null.</param>
public sealed record DataPlaneRequest(
    SigV4Request Request,
    string? Action,
    string? Resource,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Context,
    string? SourceIp,
    bool SecureTransport,
    string? UserAgent);
