using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace TokenBroker.Host.Tests.EndToEnd.Throttling;

/// <summary>Reads one broker's tokenbroker.requests.throttled counter (its own meter factory only), by limit tag.</summary>
public sealed class ThrottleCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);

    public ThrottleCounter(IServiceProvider broker)
    {
        var meters = broker.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "tokenbroker.requests.throttled")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var limit = "";
            foreach (var tag in tags)
            {
                limit = tag.Key == "limit" ? tag.Value as string ?? "" : limit;
            }

            lock (_counts)
            {
                _counts[limit] = _counts.GetValueOrDefault(limit) + value;
            }
        });
        _listener.Start();
    }

    /// <summary>Requests refused by this limit (source or access_key) since the counter was made.</summary>
    public long this[string limit]
    {
        get
        {
            lock (_counts)
            {
                return _counts.GetValueOrDefault(limit);
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
