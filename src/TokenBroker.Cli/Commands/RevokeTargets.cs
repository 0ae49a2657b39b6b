using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// Checks what <c>tokenbroker revoke</c> is given before anything is written: a target that no credential can ever
/// carry (a role "ARN" that is not one) would be stored and silently match nothing, and a cutoff in the future would
/// reject credentials not yet issued (and, at the end of time, overflow the cutoff's lifetime).
/// </summary>
internal static class RevokeTargets
{
    /// <summary>How far ahead of this machine's clock a cutoff may be: clocks of operator machines and brokers differ a little.</summary>
    public static readonly TimeSpan MaxFutureCutoff = TimeSpan.FromMinutes(5);

    /// <summary>Why <paramref name="value"/> cannot be a target of <paramref name="scope"/>, or null when it can.</summary>
    public static string? Problem(RevocationScope scope, string option, string value)
    {
        var trimmed = value.Trim();
        var valid = scope switch
        {
            RevocationScope.Role => Arn.TryParse(trimmed, out var role) && role.Service == "iam" && role.Resource.StartsWith("role/", StringComparison.Ordinal),
            RevocationScope.Principal => Arn.TryParse(trimmed, out var principal) && IsPrincipal(principal),
            RevocationScope.Session => trimmed.Length is > 4 and <= 128 && trimmed.StartsWith("ASIA", StringComparison.Ordinal) && trimmed.All(char.IsAsciiLetterOrDigit),
            RevocationScope.SourceIdentity => trimmed.Length is >= 2 and <= 64 && Pattern.SessionName.IsMatch(trimmed),
            _ => trimmed.Length is > 0 and <= 2048 && !trimmed.Any(char.IsControl),
        };
        return valid ? null : $"{option} '{value}' is not {Expected(scope)}.";
    }

    private static bool IsPrincipal(Arn arn) =>
        (arn.Service == "iam" && arn.Resource.StartsWith("user/", StringComparison.Ordinal))
        || (arn.Service == "sts" && (arn.Resource.StartsWith("assumed-role/", StringComparison.Ordinal) || arn.Resource.StartsWith("federated-user/", StringComparison.Ordinal)));

    private static string Expected(RevocationScope scope) => scope switch
    {
        RevocationScope.Role => "a role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
        RevocationScope.Principal => "a user ARN (arn:aws:iam::ACCOUNT:user/NAME) or a session ARN (arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION)",
        RevocationScope.Session => "a temporary AccessKeyId (ASIA…)",
        RevocationScope.SourceIdentity => "a SourceIdentity (2 to 64 of [a-zA-Z0-9_+=,.@-])",
        _ => "a non-empty value without control characters",
    };
}
