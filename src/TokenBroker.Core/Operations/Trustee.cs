using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Core.Operations;

/// <summary>
/// Who asks to assume a role, as the trust policy sees it: an IAM caller with its own policies (AssumeRole), or an
/// identity provider as the Federated principal (AssumeRoleWithSAML, AssumeRoleWithWebIdentity).
/// </summary>
/// <param name="Principal">The caller, or the provider as a principal of kind Other.</param>
/// <param name="Policies">The caller's identity, boundary and session policies; null for a provider, which is not an IAM principal.</param>
internal sealed record Trustee(Principal Principal, EffectivePolicies? Policies)
{
    /// <summary>An authenticated caller with the policies that govern it.</summary>
    public static Trustee Of(Caller caller, EffectivePolicies policies) =>
        new(caller.Principal, policies);

    /// <summary>An identity provider: the trust policy alone decides (reference/policy.md §1.1).</summary>
    public static Trustee Federated(Arn providerArn) => new(Principal.Parse(providerArn.ToString()), null);

    /// <summary>AWS's refusal: it names the caller and the role for an IAM caller, and no principal for a provider.</summary>
    public StsError Denied(string action, string roleArn) => Policies is null
        ? StsErrors.AccessDenied("Not authorized to perform " + action)
        : StsErrors.AccessDenied(AccessDeniedMessage.NotAuthorized(Principal.Arn, action, roleArn));
}
