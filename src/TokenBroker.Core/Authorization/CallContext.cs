using TokenBroker.Core.Authentication;

namespace TokenBroker.Core.Authorization;

/// <summary>The transport facts of one call that policies can test (aws:SourceIp, aws:UserAgent, aws:SecureTransport, aws:RequestedRegion).</summary>
/// <param name="RequestId">The request id, for audit records.</param>
/// <param name="SourceIp">The caller's IP address, or null when unknown.</param>
/// <param name="UserAgent">The User-Agent header, or null.</param>
/// <param name="SecureTransport">Whether the request arrived over TLS.</param>
/// <param name="Region">The region the request was signed for.</param>
public sealed record CallContext(string RequestId, string? SourceIp, string? UserAgent, bool SecureTransport, string Region);
