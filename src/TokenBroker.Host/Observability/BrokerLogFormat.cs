using System.Text.Encodings.Web;
using System.Text.Json;

namespace TokenBroker.Host.Observability;

/// <summary>
/// The console log format: one JSON object per line (AddJsonConsole) when stdout is not a terminal, as under a
/// service manager, in a container or on Lambda (CloudWatch reads stdout); plain text on a terminal.
/// TOKENBROKER_LOG_FORMAT=json or text overrides. The redacting logger factory sits in front of either.
/// </summary>
internal static class BrokerLogFormat
{
    /// <summary>The setting that overrides the choice.</summary>
    public const string Variable = "TOKENBROKER_LOG_FORMAT";

    /// <summary>Chooses the console formatter.</summary>
    public static ILoggingBuilder UseBrokerLogFormat(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var json = configuration[Variable] switch
        {
            "json" => true,
            "text" => false,
            null or "" => Console.IsOutputRedirected,
            var other => throw new InvalidOperationException($"{Variable} must be json or text, not '{other}'."),
        };
        if (json)
        {
            logging.AddJsonConsole(options =>
            {
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                // Nothing here is embedded in HTML; escaping '+' or '&' would only hide tokens from a search of the log.
                options.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }

        return logging;
    }
}
