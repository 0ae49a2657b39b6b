using TokenBroker.Core.Audit;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The members of an AssumeRoleWithWebIdentity request, checked against the model's shape constraints (reference/sts.md b.2).</summary>
public sealed record AssumeRoleWithWebIdentityRequest(
    string RoleArn,
    string RoleSessionName,
    string WebIdentityToken,
    string? ProviderId,
    int? DurationSeconds,
    string? Policy,
    IReadOnlyList<string> PolicyArns)
{
    /// <summary>Keeps the token out of logs and exception messages.</summary>
    public override string ToString() =>
        $"AssumeRoleWithWebIdentityRequest {{ RoleArn = {RoleArn}, RoleSessionName = {RoleSessionName}, WebIdentityToken = ***, DurationSeconds = {DurationSeconds} }}";

    /// <summary>Binds and checks every member; all violations are reported together, as AWS does.</summary>
    public static StsResult<AssumeRoleWithWebIdentityRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var request = new AssumeRoleWithWebIdentityRequest(
            reader.Text("RoleArn", StsParameters.Arn.AsRequired()) ?? "",
            reader.Text("RoleSessionName", StsParameters.RoleSessionName.AsRequired()) ?? "",
            reader.Text("WebIdentityToken", StsParameters.WebIdentityToken.AsRequired()) ?? "",
            reader.Text("ProviderId", StsParameters.ProviderId),
            reader.Number("DurationSeconds", 900, 43200),
            reader.Text("Policy", StsParameters.SessionPolicy),
            reader.List("PolicyArns", "arn", StsParameters.Arn, StsParameters.MaxPolicyArns));
        return reader.Error is { } error ? error : request;
    }

    /// <summary>What the audit record names of this request.</summary>
    internal AuditedRequest Audited => new(RoleArn, RoleSessionName, null);
}
