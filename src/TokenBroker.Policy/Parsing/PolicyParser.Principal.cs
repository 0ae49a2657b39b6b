using TokenBroker.Policy.Compiled;
using TokenBroker.Policy.Json;
using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Parsing;

/// <summary>Principal and NotPrincipal (IAM User Guide, reference_policies_elements_principal and _notprincipal).</summary>
internal sealed partial class PolicyParser
{
    private static readonly string[] PrincipalTypes = ["AWS", "Federated", "Service", "CanonicalUser"];

    private PrincipalSet? ParsePrincipalElement(JsonValue statement)
    {
        var principal = statement.Get("Principal");
        var notPrincipal = statement.Get("NotPrincipal");
        if (IsIdentityShaped)
        {
            if ((principal ?? notPrincipal) is { } present)
            {
                Error(present.Path, PolicyMessages.PrincipalNotAllowed);
            }

            return null;
        }

        if (_kind == PolicyKind.Trust && notPrincipal is not null)
        {
            Error(notPrincipal.Path, PolicyMessages.ProhibitedField("NotPrincipal"));
            return null;
        }

        if (principal is not null && notPrincipal is not null)
        {
            Error(notPrincipal.Path, PolicyMessages.Syntax);
            return null;
        }

        var element = principal ?? notPrincipal;
        if (element is null)
        {
            Error(statement.Path + ".Principal", PolicyMessages.MissingPrincipal);
            return null;
        }

        var entries = ParsePrincipalEntries(element);
        return entries is null ? null : new PrincipalSet(entries, isNot: notPrincipal is not null);
    }

    private PrincipalEntry[]? ParsePrincipalEntries(JsonValue element)
    {
        if (element.IsString)
        {
            if (element.Text == "*")
            {
                return [new PrincipalEntry("*", PrincipalEntryKind.Everyone, "*")];
            }

            Error(element.Path, PolicyMessages.Syntax);
            return null;
        }

        if (element.Kind != JsonKind.Object || element.Properties.Count == 0)
        {
            Error(element.Path, PolicyMessages.Syntax);
            return null;
        }

        var entries = new List<PrincipalEntry>();
        foreach (var (type, value) in element.Properties)
        {
            if (!PrincipalTypes.Contains(type, StringComparer.Ordinal))
            {
                Error(value.Path, PolicyMessages.InvalidPrincipal(type, value.Text ?? string.Empty));
                continue;
            }

            foreach (var (text, node) in StringList(value, PolicyMessages.Syntax))
            {
                if (ParsePrincipalValue(type, text) is { } entry)
                {
                    entries.Add(entry);
                }
                else
                {
                    Error(node.Path, PolicyMessages.InvalidPrincipal(type, text));
                }
            }
        }

        return [.. entries];
    }

    /// <summary>
    /// A wildcard cannot match part of a principal: only a bare <c>*</c> is allowed. Account ids and root ARNs both
    /// name the account; user, role and session ARNs name one principal exactly.
    /// </summary>
    private static PrincipalEntry? ParsePrincipalValue(string type, string text)
    {
        if (type == "AWS" && text == "*")
        {
            return new PrincipalEntry(type, PrincipalEntryKind.Everyone, text);
        }

        if (text.Length == 0 || text.AsSpan().IndexOfAny('*', '?') >= 0)
        {
            return null;
        }

        if (type != "AWS")
        {
            return new PrincipalEntry(type, PrincipalEntryKind.Opaque, text);
        }

        if (IsAccountId(text))
        {
            return new PrincipalEntry(type, PrincipalEntryKind.Account, text);
        }

        if (IsUniqueId(text))
        {
            // A principal deleted after the policy was saved shows as its unique id, which never matches again.
            return new PrincipalEntry(type, PrincipalEntryKind.Opaque, text);
        }

        return ParseAwsArn(type, text);
    }

    private static PrincipalEntry? ParseAwsArn(string type, string text)
    {
        Span<Range> ranges = stackalloc Range[ArnSplitter.Components];
        if (!ArnSplitter.TrySplit(text, ranges) || text[ranges[0]] != "arn" || !IsAccountId(text[ranges[4]])
            || text[ranges[3]].Length != 0)
        {
            return null;
        }

        var service = text[ranges[2]];
        var resource = text[ranges[5]];
        var account = text[ranges[4]];
        if (service == "iam" && resource == "root")
        {
            return new PrincipalEntry(type, PrincipalEntryKind.Account, account);
        }

        if (service == "iam" && (resource.StartsWith("user/", StringComparison.Ordinal)
            || resource.StartsWith("role/", StringComparison.Ordinal)))
        {
            return new PrincipalEntry(type, PrincipalEntryKind.IamArn, text);
        }

        var isSession = service == "sts"
            && ((resource.StartsWith("assumed-role/", StringComparison.Ordinal) && resource.Split('/').Length == 3)
                || resource.StartsWith("federated-user/", StringComparison.Ordinal));
        return isSession ? new PrincipalEntry(type, PrincipalEntryKind.SessionArn, text) : null;
    }

    private static bool IsAccountId(string text) => text.Length == 12 && text.All(char.IsAsciiDigit);

    private static bool IsUniqueId(string text) =>
        text.Length >= 16 && text.StartsWith('A') && text.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
