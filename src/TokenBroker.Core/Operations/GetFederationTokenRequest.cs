using TokenBroker.Core.Audit;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The members of a GetFederationToken request, checked against the model's shape constraints (reference/sts.md b.2).</summary>
public sealed record GetFederationTokenRequest(
    string Name,
    int? DurationSeconds,
    string? Policy,
    IReadOnlyList<string> PolicyArns,
    IReadOnlyList<KeyValuePair<string, string>> Tags)
{
    /// <summary>Binds and checks every member; all violations are reported together, as AWS does.</summary>
    public static StsResult<GetFederationTokenRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var request = new GetFederationTokenRequest(
            reader.Text("Name", StsParameters.FederatedUserName.AsRequired()) ?? "",
            reader.Number("DurationSeconds", 900, 129600),
            reader.Text("Policy", StsParameters.SessionPolicy),
            reader.List("PolicyArns", "arn", StsParameters.Arn, StsParameters.MaxPolicyArns),
            reader.Pairs("Tags", StsParameters.TagKey, StsParameters.TagValue, StsParameters.MaxTags));
        return reader.Error is { } error ? error : request;
    }

    internal AuditedRequest Audited => new(null, Name, null);
}
