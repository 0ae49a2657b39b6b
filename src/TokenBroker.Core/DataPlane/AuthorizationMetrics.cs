using System.Diagnostics.Metrics;

namespace TokenBroker.Core.DataPlane;

/// <summary>Counts data-plane decisions on the meter "TokenBroker.Authorization", tagged only with the service prefix and the decision.</summary>
public sealed class AuthorizationMetrics : IDisposable
{
    /// <summary>The meter name, one of the "TokenBroker.*" meters the metrics endpoint exports.</summary>
    public const string MeterName = "TokenBroker.Authorization";

    private readonly Meter _meter;
    private readonly Counter<long> _decisions;

    /// <summary>Creates the meter through <paramref name="meterFactory"/> when given (hosted), else a standalone meter.</summary>
    public AuthorizationMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _decisions = _meter.CreateCounter<long>("tokenbroker.authorization.decisions", description: "Authorization decisions by service and outcome.");
    }

    /// <summary>Counts one decision.</summary>
    public void Count(string service, bool allowed) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("service", service), new KeyValuePair<string, object?>("decision", allowed ? "Allow" : "Deny"));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
