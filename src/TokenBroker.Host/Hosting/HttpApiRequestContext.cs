namespace TokenBroker.Host.Hosting;

/// <summary>The requestContext of a payload 2.0 event: the parts the broker uses.</summary>
internal sealed record HttpApiRequestContext(string? RequestId, string? DomainName, HttpApiRequestHttp? Http);
