using System.Diagnostics;

namespace TokenBroker.Host.Observability;

/// <summary>The Host's ActivitySource: one span per STS request, and one per store call under it.</summary>
internal static class BrokerActivity
{
    /// <summary>The source name; the TracerProvider subscribes to every TokenBroker.* source.</summary>
    public const string SourceName = "TokenBroker.Host";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Starts a child span of the current request for one store call (null when nobody listens).</summary>
    public static Activity? StoreCall(string name) => Source.StartActivity(name, ActivityKind.Internal);
}
