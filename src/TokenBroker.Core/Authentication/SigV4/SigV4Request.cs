namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// A transport-neutral view of an HTTP request exactly as received: the method, the raw (still percent-encoded)
/// path and query without the leading '?', every header occurrence in arrival order (a name may repeat), and the body bytes.
/// </summary>
/// <param name="Method">The HTTP method, for example POST.</param>
/// <param name="RawPath">The request target's path as sent on the wire (ASP.NET: IHttpRequestFeature.RawTarget up to '?'), for example "/".</param>
/// <param name="RawQuery">The raw query string after the '?' of the raw target, still percent-encoded, or empty.</param>
/// <param name="Headers">Every header occurrence; the Host must add "host" from the Host header or HTTP/2 :authority.</param>
/// <param name="Body">The request body bytes as received.</param>
public sealed record SigV4Request(
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body)
{
    /// <summary>
    /// For a request forwarded without its body (the authorization endpoint, forward auth, the Lambda authorizer): the
    /// payload hash the canonical request uses instead of hashing <see cref="Body"/>, as the resource server vouches
    /// for it or x-amz-content-sha256 declares it; null hashes <see cref="Body"/>.
    /// </summary>
    public string? PayloadHash { get; init; }
}
