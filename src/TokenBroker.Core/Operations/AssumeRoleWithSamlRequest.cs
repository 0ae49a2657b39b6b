using TokenBroker.Core.Audit;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The members of an AssumeRoleWithSAML request, checked against the model's shape constraints (reference/sts.md b.2).</summary>
public sealed record AssumeRoleWithSamlRequest(
    string RoleArn,
    string PrincipalArn,
    string SamlAssertion,
    int? DurationSeconds,
    string? Policy,
    IReadOnlyList<string> PolicyArns)
{
    /// <summary>Binds and checks every member; the assertion is never echoed in a validation message.</summary>
    public static StsResult<AssumeRoleWithSamlRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var request = new AssumeRoleWithSamlRequest(
            reader.Text("RoleArn", StsParameters.Arn.AsRequired()) ?? "",
            reader.Text("PrincipalArn", StsParameters.Arn.AsRequired()) ?? "",
            reader.Text("SAMLAssertion", StsParameters.SamlAssertion.AsRequired()) ?? "",
            reader.Number("DurationSeconds", 900, 43200),
            reader.Text("Policy", StsParameters.SessionPolicy),
            reader.List("PolicyArns", "arn", StsParameters.Arn, StsParameters.MaxPolicyArns));
        return reader.Error is { } error ? error : request;
    }

    /// <summary>Keeps the assertion out of logs.</summary>
    public override string ToString() => $"AssumeRoleWithSamlRequest {{ RoleArn = {RoleArn}, PrincipalArn = {PrincipalArn} }}";

    /// <summary>What the audit record names of this request.</summary>
    internal AuditedRequest Audited => new(RoleArn, null, null);
}
