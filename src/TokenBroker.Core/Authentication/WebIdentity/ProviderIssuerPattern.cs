namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// An issuer host/path as the Service Authorization Reference writes it, with at most one variable part
/// (<c>oidc.circleci.com/org/${OrgId}</c>, <c>token.actions.${Domain}.ghe.com</c>). The variable stands for one DNS
/// label or path segment of letters, digits, '-' and '_', so it never spans a '.' or a '/'.
/// </summary>
internal sealed class ProviderIssuerPattern
{
    private const string Variable = "{}";
    private readonly string _prefix;
    private readonly string? _suffix;

    private ProviderIssuerPattern(string pattern)
    {
        var at = pattern.IndexOf(Variable, StringComparison.Ordinal);
        _prefix = at < 0 ? pattern : pattern[..at];
        _suffix = at < 0 ? null : pattern[(at + Variable.Length)..];
    }

    /// <summary>A pattern where <c>{}</c> marks the variable part.</summary>
    public static ProviderIssuerPattern Parse(string pattern) => new(pattern);

    /// <summary>Whether the provider's host/path is this issuer; host/paths compare ordinally, as IAM writes them.</summary>
    public bool Matches(string hostPath)
    {
        if (_suffix is null)
        {
            return string.Equals(hostPath, _prefix, StringComparison.Ordinal);
        }

        if (hostPath.Length <= _prefix.Length + _suffix.Length
            || !hostPath.StartsWith(_prefix, StringComparison.Ordinal) || !hostPath.EndsWith(_suffix, StringComparison.Ordinal))
        {
            return false;
        }

        var variable = hostPath.AsSpan(_prefix.Length, hostPath.Length - _prefix.Length - _suffix.Length);
        foreach (var c in variable)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_')
            {
                return false;
            }
        }

        return true;
    }
}
