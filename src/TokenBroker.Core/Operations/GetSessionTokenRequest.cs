using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The members of a GetSessionToken request, checked against the model's shape constraints (reference/sts.md b.2).</summary>
public sealed record GetSessionTokenRequest(int? DurationSeconds, string? SerialNumber, string? TokenCode)
{
    /// <summary>Binds and checks every member; all violations are reported together, as AWS does.</summary>
    public static StsResult<GetSessionTokenRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var request = new GetSessionTokenRequest(
            reader.Number("DurationSeconds", 900, 129600),
            reader.Text("SerialNumber", StsParameters.SerialNumber),
            reader.Text("TokenCode", StsParameters.TokenCode));
        return reader.Error is { } error ? error : request;
    }

    /// <summary>Keeps the MFA code out of logs.</summary>
    public override string ToString() => $"GetSessionTokenRequest {{ DurationSeconds = {DurationSeconds}, SerialNumber = {SerialNumber} }}";
}
