namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>Keeps the raw body and request id of the last response the SDK received, for exact wire checks.</summary>
public sealed class ResponseRecorder : DelegatingHandler
{
    public string LastBody { get; private set; } = "";

    public string LastRequestId { get; private set; } = "";

    public string LastContentType { get; private set; } = "";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        LastBody = await response.Content.ReadAsStringAsync(cancellationToken);
        LastRequestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.Single() : "";
        LastContentType = response.Content.Headers.ContentType?.MediaType ?? "";
        return response;
    }
}
