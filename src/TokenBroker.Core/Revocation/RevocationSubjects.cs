using TokenBroker.Core.Model;

namespace TokenBroker.Core.Revocation;

/// <summary>
/// The one spelling of a cutoff's subject, used both when a cutoff is set and when a session is checked, so that a
/// differently written ARN cannot slip past a cutoff. IAM names are unique regardless of case and path
/// (IAM quotas and identifiers), so IAM and STS ARNs drop the path and compare lowercase: a cutoff may then cover
/// two sessions whose names differ only in case, which errs on the side of rejecting.
/// </summary>
public static class RevocationSubjects
{
    /// <summary>The normalized subject for <paramref name="scope"/>.</summary>
    public static string Normalize(RevocationScope scope, string subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return scope switch
        {
            RevocationScope.Role or RevocationScope.Principal => NormalizeArn(subject.Trim()),
            _ => subject.Trim(),
        };
    }

    /// <summary>The subject of a federated session: provider and subject, joined by a space (neither ARNs nor issuer URLs contain one).</summary>
    public static string ProviderSubject(string provider, string subject)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(subject);
        return provider.Trim() + " " + subject;
    }

    private static string NormalizeArn(string text)
    {
        if (!Arn.TryParse(text, out var arn))
        {
            return text.ToLowerInvariant();
        }

        // role/path/name → role/name; user/path/name → user/name; assumed-role/role/session and
        // federated-user/name have no path and stay as they are.
        var resource = arn.Resource;
        var slash = resource.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && arn.Service is "iam")
        {
            resource = resource[..slash] + resource[resource.LastIndexOf('/')..];
        }

        return $"arn:{arn.Partition}:{arn.Service}:{arn.Region}:{arn.Account}:{resource}".ToLowerInvariant();
    }
}
