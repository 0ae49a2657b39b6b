using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// The trust-policy condition keys of a validated token, prefixed with the provider's host/path as IAM writes it
/// (reference_policies_iam-condition-keys.md): <c>:aud</c>, <c>:sub</c>, <c>:azp</c>, <c>:amr</c> (multi-valued),
/// Google's <c>:oaud</c>, and the provider-specific claims AWS documents.
/// </summary>
internal static class WebIdentityConditionKeys
{
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Build(JsonElement claims, OidcProvider provider,
        MatchedAudience audience, string subject)
    {
        var prefix = provider.HostPath + ":";
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [prefix + "sub"] = [subject],
        };

        // Google: "If azp is set, accounts.google.com:aud is azp and accounts.google.com:oaud is aud" (condition-keys doc).
        if (string.Equals(provider.HostPath, ProviderClaimKeys.Google, StringComparison.Ordinal) && audience.AuthorizedParty is { } googleAzp)
        {
            keys[prefix + "aud"] = [googleAzp];
            keys[prefix + "oaud"] = [audience.MatchedClientId];
        }
        else
        {
            keys[prefix + "aud"] = [audience.MatchedClientId];
        }

        if (audience.AuthorizedParty is { } azp)
        {
            keys[prefix + "azp"] = [azp];
        }

        if (WebIdentityClaims.StringOrArray(claims, "amr", int.MaxValue) is { Count: > 0 } amr)
        {
            keys[prefix + "amr"] = amr;
        }

        foreach (var claim in ProviderClaimKeys.For(provider.HostPath))
        {
            if (WebIdentityClaims.Scalar(claims, claim) is { } value)
            {
                keys[prefix + claim] = [value];
            }
        }

        return keys;
    }
}
