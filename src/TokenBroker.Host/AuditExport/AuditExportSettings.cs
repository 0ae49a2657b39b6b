using System.Globalization;

namespace TokenBroker.Host.AuditExport;

/// <summary>
/// The audit export sink: TOKENBROKER_AUDIT_EXPORT is empty (off, the default), <c>stdout</c> (CloudTrail events as
/// JSON lines) or an http(s) webhook URL (batches POSTed as CloudTrail's <c>{"Records":[…]}</c>);
/// TOKENBROKER_AUDIT_EXPORT_BUFFER bounds the records waiting for the sink (default 10,000).
/// </summary>
internal sealed record AuditExportSettings(string? Sink, Uri? Webhook, int BufferSize)
{
    public const string SinkVariable = "TOKENBROKER_AUDIT_EXPORT";
    public const string BufferVariable = "TOKENBROKER_AUDIT_EXPORT_BUFFER";
    public const string StdoutSink = "stdout";
    private const int DefaultBuffer = 10_000;

    public bool IsEnabled => Sink is not null;

    public static AuditExportSettings From(IConfiguration configuration)
    {
        var sink = configuration[SinkVariable] is { Length: > 0 } value ? value : null;
        Uri? webhook = null;
        if (sink is not null && sink != StdoutSink)
        {
            if (!Uri.TryCreate(sink, UriKind.Absolute, out webhook) || webhook.Scheme is not ("http" or "https"))
            {
                throw new InvalidOperationException($"{SinkVariable} must be stdout or an http(s) URL.");
            }
        }

        var buffer = DefaultBuffer;
        if (configuration[BufferVariable] is { Length: > 0 } text
            && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out buffer) || buffer < 1))
        {
            throw new InvalidOperationException($"{BufferVariable} must be a positive whole number.");
        }

        return new AuditExportSettings(sink, webhook, buffer);
    }
}
