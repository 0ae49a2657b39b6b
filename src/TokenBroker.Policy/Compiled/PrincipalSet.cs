using TokenBroker.Policy.Evaluation;

namespace TokenBroker.Policy.Compiled;

/// <summary>A compiled Principal or NotPrincipal element.</summary>
internal sealed class PrincipalSet
{
    private readonly PrincipalEntry[] _entries;

    public PrincipalSet(PrincipalEntry[] entries, bool isNot)
    {
        _entries = entries;
        IsNot = isNot;
    }

    public bool IsNot { get; }

    /// <summary>
    /// Matches the caller. NotPrincipal grants as if to everyone not excluded; a caller is excluded only when its own
    /// ARN, its account and, for a role session, its role are all listed (IAM User Guide,
    /// reference_policies_elements_notprincipal, "NotPrincipal with Deny").
    /// </summary>
    public PrincipalMatch Match(AuthorizationRequest request)
    {
        if (IsNot)
        {
            return IsExcluded(request) ? PrincipalMatch.None : PrincipalMatch.Direct;
        }

        var best = PrincipalMatch.None;
        foreach (var entry in _entries)
        {
            var match = entry.Match(request);
            if (match > best)
            {
                best = match;
            }
        }

        return best;
    }

    private bool IsExcluded(AuthorizationRequest request)
    {
        bool direct = false, account = false, issuer = false;
        foreach (var entry in _entries)
        {
            if (entry.Kind == PrincipalEntryKind.Everyone)
            {
                return true;
            }

            var match = entry.Match(request);
            direct |= match == PrincipalMatch.Direct;
            account |= match == PrincipalMatch.Account;
            issuer |= match == PrincipalMatch.Issuer;
        }

        return request.PrincipalKind switch
        {
            PrincipalKind.Root => account,
            PrincipalKind.AssumedRole => direct && account && issuer,
            PrincipalKind.User or PrincipalKind.Role or PrincipalKind.FederatedUser => direct && account,
            _ => direct,
        };
    }
}
