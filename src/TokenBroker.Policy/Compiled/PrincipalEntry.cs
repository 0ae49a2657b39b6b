using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Policy.Compiled;

/// <summary>One value of a Principal or NotPrincipal element.</summary>
internal sealed record PrincipalEntry(string Type, PrincipalEntryKind Kind, string Value)
{
    private readonly bool _isAws = string.Equals(Type, "AWS", StringComparison.Ordinal);

    /// <summary>Matches the caller. ARNs compare ordinally: the name part of a principal ARN is case-sensitive.</summary>
    public PrincipalMatch Match(AuthorizationRequest request)
    {
        return Kind switch
        {
            PrincipalEntryKind.Everyone => PrincipalMatch.Direct,
            PrincipalEntryKind.Account => _isAws && request.IsIamPrincipal
                && string.Equals(request.PrincipalAccount, Value, StringComparison.Ordinal)
                    ? PrincipalMatch.Account : PrincipalMatch.None,
            PrincipalEntryKind.IamArn or PrincipalEntryKind.SessionArn => MatchArn(request),
            _ => !_isAws && string.Equals(request.PrincipalArn, Value, StringComparison.Ordinal)
                ? PrincipalMatch.Direct : PrincipalMatch.None,
        };
    }

    private PrincipalMatch MatchArn(AuthorizationRequest request)
    {
        if (!request.IsIamPrincipal)
        {
            return PrincipalMatch.None;
        }

        if (string.Equals(request.PrincipalArn, Value, StringComparison.Ordinal))
        {
            return PrincipalMatch.Direct;
        }

        // The role ARN names its sessions; the IAM user ARN names the federated users it created.
        var issues = request.PrincipalKind is PrincipalKind.AssumedRole or PrincipalKind.FederatedUser;
        return issues && string.Equals(request.SessionIssuerArn, Value, StringComparison.Ordinal)
            ? PrincipalMatch.Issuer
            : PrincipalMatch.None;
    }
}
