using System.Net.Http.Headers;
using System.Text;

namespace TokenBroker.Host.AuditExport;

/// <summary>
/// POSTs a batch as CloudTrail delivers its log files, <c>{"Records":[…]}</c>; any answer but 2xx, a timeout or a
/// refused connection fails the delivery, which is then retried whole (receivers dedupe on eventID).
/// </summary>
internal sealed class WebhookAuditSink(HttpClient http, Uri endpoint) : IAuditSink
{
    public async Task DeliverAsync(IReadOnlyList<string> events, CancellationToken cancellationToken)
    {
        var body = new StringBuilder("{\"Records\":[").AppendJoin(',', events).Append("]}").ToString();
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(endpoint, content, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
