namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>A recognised shared OIDC issuer and the condition keys, any one of which is its identity-provider control.</summary>
internal sealed record SharedOidcProvider(string HostPath, IReadOnlyList<string> ControlKeys)
{
    /// <summary>A shared issuer whose control is one or more of its own claims (<c>HOST/PATH:claim</c>).</summary>
    public static SharedOidcProvider Claims(string hostPath, params string[] claims) =>
        new(hostPath, [.. claims.Select(claim => hostPath + ":" + claim)]);
}
