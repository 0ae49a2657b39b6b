namespace TokenBroker.Host.Hosting;

/// <summary>requestContext.http of a payload 2.0 event.</summary>
internal sealed record HttpApiRequestHttp(string? Method, string? Path, string? Protocol, string? SourceIp);
