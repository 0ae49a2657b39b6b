using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// The trust-policy condition keys of a validated token, prefixed with the provider's host/path as IAM writes it
/// (reference_policies_iam-condition-keys.md): <c>:aud</c>, <c>:sub</c>, <c>:azp</c>, <c>:amr</c> (multi-valued),
/// Google's <c>:oaud</c>, and the provider-specific claims AWS documents (<see cref="ProviderClaimKeys"/>).
/// </summary>
internal static class WebIdentityConditionKeys
{
    public static WebIdentityConditionKeySet Build(JsonElement claims, OidcProvider provider, MatchedAudience audience, string subject)
    {
        var prefix = provider.HostPath + ":";
        var keys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
        {
            [prefix + "sub"] = [subject],
        };
        var multiValued = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

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

        // amr "is multivalued, meaning that you test it in a policy using condition set operators", even with one value.
        if (WebIdentityClaims.StringOrArray(claims, "amr", int.MaxValue) is { Count: > 0 } amr)
        {
            keys[prefix + "amr"] = amr;
            multiValued.Add(prefix + "amr");
        }

        foreach (var key in ProviderClaimKeys.For(provider.HostPath))
        {
            if (WebIdentityClaims.Provider(claims, key.Path) is { } value)
            {
                keys[prefix + key.Name] = value.Values;
                if (value.IsMultiValued)
                {
                    multiValued.Add(prefix + key.Name);
                }
            }
        }

        return new WebIdentityConditionKeySet(keys, multiValued);
    }
}
