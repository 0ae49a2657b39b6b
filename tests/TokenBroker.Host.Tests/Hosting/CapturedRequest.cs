namespace TokenBroker.Host.Tests.Hosting;

/// <summary>A request as the AWS SDK sent it: method, absolute URI, every header (lower-cased names) and body bytes.</summary>
public sealed record CapturedRequest(string Method, Uri Uri, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
