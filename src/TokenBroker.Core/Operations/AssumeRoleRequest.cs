using TokenBroker.Core.Audit;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The members of an AssumeRole request, checked against the model's shape constraints (reference/sts.md b.2).</summary>
public sealed record AssumeRoleRequest(
    string RoleArn,
    string RoleSessionName,
    int? DurationSeconds,
    string? Policy,
    IReadOnlyList<string> PolicyArns,
    IReadOnlyList<KeyValuePair<string, string>> Tags,
    IReadOnlyList<string> TransitiveTagKeys,
    string? ExternalId,
    string? SerialNumber,
    string? TokenCode,
    string? SourceIdentity)
{
    /// <summary>Binds and checks every member; all violations are reported together, as AWS does.</summary>
    public static StsResult<AssumeRoleRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var request = new AssumeRoleRequest(
            reader.Text("RoleArn", StsParameters.Arn.AsRequired()) ?? "",
            reader.Text("RoleSessionName", StsParameters.RoleSessionName.AsRequired()) ?? "",
            reader.Number("DurationSeconds", 900, 43200),
            reader.Text("Policy", StsParameters.AssumeRolePolicy),
            reader.List("PolicyArns", "arn", StsParameters.Arn, StsParameters.MaxPolicyArns),
            reader.Pairs("Tags", StsParameters.TagKey, StsParameters.TagValue, StsParameters.MaxTags),
            reader.List("TransitiveTagKeys", null, StsParameters.TagKey, StsParameters.MaxTransitiveTagKeys),
            reader.Text("ExternalId", StsParameters.ExternalId),
            reader.Text("SerialNumber", StsParameters.SerialNumber),
            reader.Text("TokenCode", StsParameters.TokenCode),
            reader.Text("SourceIdentity", StsParameters.SourceIdentity));
        // The model's SourceIdentity pattern has no ':', so the reserved "aws:" prefix cannot pass it.
        return reader.Error is { } error ? error : request;
    }

    /// <summary>What the audit record names of this request.</summary>
    internal AuditedRequest Audited => new(RoleArn, RoleSessionName, SourceIdentity);
}
