using System.Text.Json;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// IAM's identity-provider controls for shared OIDC providers: "For recognized shared OpenID Connect (OIDC) identity
/// providers (IdPs), IAM requires explicit evaluation of specific claims in role trust policies ... evaluated by IAM
/// during role creation and trust policy updates. If the role trust policy does not evaluate the controls required by
/// the shared OIDC IdP, the role creation or update would fail" (IAM User Guide,
/// id_roles_providers_oidc_secure-by-default). It is a check on saving a trust policy, not on AssumeRoleWithWebIdentity:
/// "Identity-provider controls will not be evaluated by IAM for existing OIDC role trust policies."
/// </summary>
public static class IdentityProviderControls
{
    private const string Action = "sts:AssumeRoleWithWebIdentity";

    // The page's table of shared issuers and the claim each must evaluate. GitHub: sub, and also the claims that name
    // the repository or its owner outright, because AWS's own 2026 "immutable identifiers" GitHub trust policy pins
    // repository_owner_id/repository_id without sub (an inference: the table names sub only).
    private static readonly SharedOidcProvider[] Shared =
    [
        SharedOidcProvider.Claims("token.actions.githubusercontent.com", "sub", "job_workflow_ref", "repository", "repository_id",
            "repository_owner_id", "enterprise_id"),
        SharedOidcProvider.Claims("vstoken.actions.githubusercontent.com", "sub"),
        SharedOidcProvider.Claims("oidc-configuration.audit-log.githubusercontent.com", "sub"),
        SharedOidcProvider.Claims("gitlab.com", "sub"),
        SharedOidcProvider.Claims("agent.buildkite.com", "sub"),
        SharedOidcProvider.Claims("app.terraform.io", "sub"),
        SharedOidcProvider.Claims("oidc.codefresh.io", "sub"),
        SharedOidcProvider.Claims("studio.datachain.ai/api", "sub"),
        SharedOidcProvider.Claims("scalr.io", "sub"),
        SharedOidcProvider.Claims("tokens.cloud.shisho.dev", "sub"),
        SharedOidcProvider.Claims("proidc.upbound.io", "sub"),
        SharedOidcProvider.Claims("oidc.op1.openshiftapps.com/2f785sojlpb85i7402pk3qogugim5nfb", "sub"),
        SharedOidcProvider.Claims("oidc.op1.openshiftapps.com/2c51blsaqa9gkjt0o9rt11mle8mmropu", "sub"),
        SharedOidcProvider.Claims("rh-oidc.s3.us-east-1.amazonaws.com/22ejnvnnturfmt6km08idd0nt4hekbn7", "sub"),
        SharedOidcProvider.Claims("rh-oidc.s3.us-east-1.amazonaws.com/23e3sd27sju1hoou6ohfs68vbno607tr", "sub"),
        SharedOidcProvider.Claims("rh-oidc.s3.us-east-1.amazonaws.com/23ne21h005qjl3n33d8dui5dlrmv2tmg", "sub"),
        SharedOidcProvider.Claims("rh-oidc.s3.us-east-1.amazonaws.com/24jrf12m5dj7ljlfb4ta2frhrcoadm26", "sub"),
        SharedOidcProvider.Claims("cognito-identity.amazonaws.com", "aud"),
        SharedOidcProvider.Claims("api.pulumi.com/oidc", "aud"),
        SharedOidcProvider.Claims("oidc.vercel.com", "aud"),
        SharedOidcProvider.Claims("sandboxes.cloud", "aud"),
        new SharedOidcProvider("sts.windows.net/33e01921-4d64-4f8c-a055-5bdaffd5e33d", ["sts:RoleSessionName"]),
    ];

    /// <summary>
    /// The identity-provider controls <paramref name="trustPolicy"/> fails to evaluate, one sentence each; empty when it
    /// may be saved. <paramref name="accountProviders"/> are the host/paths of the account's OIDC providers, which a
    /// wildcard principal reaches.
    /// </summary>
    public static IReadOnlyList<string> Check(string trustPolicy, IReadOnlyCollection<string> accountProviders)
    {
        ArgumentNullException.ThrowIfNull(trustPolicy);
        ArgumentNullException.ThrowIfNull(accountProviders);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(trustPolicy);
        }
        catch (JsonException)
        {
            // Not a policy at all: the policy parser reports it.
            return [];
        }

        using (document)
        {
            var problems = new List<string>();
            var statements = Statements(document.RootElement);
            for (var i = 0; i < statements.Count; i++)
            {
                CheckStatement(statements[i], i, accountProviders, problems);
            }

            return problems;
        }
    }

    private static List<JsonElement> Statements(JsonElement policy)
    {
        if (policy.ValueKind != JsonValueKind.Object || !policy.TryGetProperty("Statement", out var statement))
        {
            return [];
        }

        return statement.ValueKind switch
        {
            JsonValueKind.Object => [statement],
            JsonValueKind.Array => [.. statement.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object)],
            _ => [],
        };
    }

    private static void CheckStatement(JsonElement statement, int index, IReadOnlyCollection<string> accountProviders, List<string> problems)
    {
        if (!IsAllow(statement) || !AllowsWebIdentity(statement))
        {
            return;
        }

        foreach (var hostPath in FederatedProviders(statement, accountProviders))
        {
            var shared = Shared.FirstOrDefault(s => string.Equals(s.HostPath, hostPath, StringComparison.Ordinal));
            if (shared is not null && !Evaluates(statement, shared.ControlKeys))
            {
                problems.Add($"statement {index + 1} allows {Action} for the shared OIDC provider {hostPath} but does not evaluate "
                    + $"its identity-provider control {string.Join(" or ", shared.ControlKeys)}: add a StringEquals or StringLike "
                    + "condition on it that names your organization (IAM identity-provider controls for shared OIDC providers).");
            }
        }
    }

    private static bool IsAllow(JsonElement statement) =>
        statement.TryGetProperty("Effect", out var effect) && effect.ValueKind == JsonValueKind.String
        && string.Equals(effect.GetString(), "Allow", StringComparison.Ordinal);

    private static bool AllowsWebIdentity(JsonElement statement)
    {
        if (statement.TryGetProperty("Action", out var action))
        {
            return Strings(action).Any(a => Glob(a, Action));
        }

        return statement.TryGetProperty("NotAction", out var notAction) && !Strings(notAction).Any(a => Glob(a, Action));
    }

    /// <summary>The host/paths the statement's principal admits: named oidc-provider ARNs or bare names, or every provider for "*".</summary>
    private static IEnumerable<string> FederatedProviders(JsonElement statement, IReadOnlyCollection<string> accountProviders)
    {
        if (!statement.TryGetProperty("Principal", out var principal))
        {
            return [];
        }

        if (principal.ValueKind == JsonValueKind.String)
        {
            return string.Equals(principal.GetString(), "*", StringComparison.Ordinal) ? accountProviders : [];
        }

        if (principal.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var hostPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in principal.EnumerateObject())
        {
            foreach (var value in Strings(member.Value))
            {
                if (string.Equals(value, "*", StringComparison.Ordinal))
                {
                    hostPaths.UnionWith(accountProviders);
                }
                else if (string.Equals(member.Name, "Federated", StringComparison.Ordinal))
                {
                    hostPaths.Add(HostPathOf(value));
                }
            }
        }

        return hostPaths;
    }

    // arn:PARTITION:iam::ACCOUNT:oidc-provider/HOST/PATH, or a built-in provider named by itself (cognito-identity.amazonaws.com).
    private static string HostPathOf(string federated)
    {
        const string Marker = ":oidc-provider/";
        var at = federated.IndexOf(Marker, StringComparison.Ordinal);
        return federated.StartsWith("arn:", StringComparison.Ordinal) && at > 0 ? federated[(at + Marker.Length)..] : federated;
    }

    /// <summary>
    /// "Evaluates" read as: a positive string condition (StringEquals, StringEqualsIgnoreCase or StringLike, optionally
    /// IfExists or ForAnyValue) on one of the control keys, whose values are not bare wildcards. A negated operator, Null,
    /// ForAllValues (true for an empty set) or a pattern of only '*' and '?' admits every tenant and is not a control.
    /// </summary>
    private static bool Evaluates(JsonElement statement, IReadOnlyList<string> controlKeys)
    {
        if (!statement.TryGetProperty("Condition", out var condition) || condition.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        foreach (var block in condition.EnumerateObject())
        {
            if (!IsControlOperator(block.Name) || block.Value.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var entry in block.Value.EnumerateObject())
            {
                var values = Strings(entry.Value).ToList();
                if (controlKeys.Contains(entry.Name, StringComparer.OrdinalIgnoreCase) && values.Count > 0
                    && values.All(v => v.Any(c => c is not '*' and not '?')))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsControlOperator(string name)
    {
        var op = name.StartsWith("ForAnyValue:", StringComparison.Ordinal) ? name["ForAnyValue:".Length..] : name;
        op = op.EndsWith("IfExists", StringComparison.Ordinal) ? op[..^"IfExists".Length] : op;
        return op is "StringEquals" or "StringEqualsIgnoreCase" or "StringLike";
    }

    private static IEnumerable<string> Strings(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!),
        _ => [],
    };

    // IAM action names are case-insensitive, with * and ? wildcards.
    private static bool Glob(string pattern, string text)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || char.ToUpperInvariant(pattern[p]) == char.ToUpperInvariant(text[t])))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
