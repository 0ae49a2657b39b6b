using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>The IAM reads of identity providers: ListSAMLProviders, GetSAMLProvider, ListOpenIDConnectProviders, GetOpenIDConnectProvider.</summary>
public sealed class IamProviderReads(IamAuthorizer authorizer)
{
    /// <summary>ListSAMLProviders: every SAML provider of the account (IAM does not page this list).</summary>
    public StsResult<IReadOnlyList<SamlProvider>> ListSamlProviders(IamCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return authorizer.Authorize(call, "ListSAMLProviders", "*") is { } denied
            ? denied
            : call.Account.SamlProviders.OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
    }

    /// <summary>GetSAMLProvider: the provider with this ARN in the caller's account.</summary>
    public StsResult<SamlProvider> GetSamlProvider(IamCall call, string providerArn)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (authorizer.Authorize(call, "GetSAMLProvider", providerArn) is { } denied)
        {
            return denied;
        }

        var provider = call.Account.SamlProviders.FirstOrDefault(p => string.Equals(p.Arn.ToString(), providerArn, StringComparison.Ordinal));
        return provider is null ? IamErrors.NoSuchEntity($"Manifest not found for arn {providerArn}") : provider;
    }

    /// <summary>ListOpenIDConnectProviders: every OIDC provider of the account (IAM does not page this list).</summary>
    public StsResult<IReadOnlyList<OidcProvider>> ListOidcProviders(IamCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return authorizer.Authorize(call, "ListOpenIDConnectProviders", "*") is { } denied
            ? denied
            : call.Account.OidcProviders.OrderBy(p => p.Arn.ToString(), StringComparer.Ordinal).ToList();
    }

    /// <summary>GetOpenIDConnectProvider: the provider with this ARN in the caller's account.</summary>
    public StsResult<OidcProvider> GetOidcProvider(IamCall call, string providerArn)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (authorizer.Authorize(call, "GetOpenIDConnectProvider", providerArn) is { } denied)
        {
            return denied;
        }

        var provider = call.Account.OidcProviders.FirstOrDefault(p => string.Equals(p.Arn.ToString(), providerArn, StringComparison.Ordinal));
        return provider is null ? IamErrors.NoSuchEntity($"OpenIDConnect Provider not found for arn {providerArn}") : provider;
    }
}
