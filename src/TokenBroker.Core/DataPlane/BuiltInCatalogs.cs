namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The broker's own actions with AWS's access levels, from the Service Authorization Reference ("Actions, resources,
/// and condition keys for AWS Security Token Service", API operations table).
/// </summary>
public static class BuiltInCatalogs
{
    /// <summary>The sts actions.</summary>
    public static ActionCatalog Sts { get; } = new("sts",
    [
        Action("AssumeRole", AccessLevel.Write, "role"),
        Action("AssumeRoleWithSAML", AccessLevel.Write, "role"),
        Action("AssumeRoleWithWebIdentity", AccessLevel.Write, "role"),
        Action("AssumeRoot", AccessLevel.Write),
        Action("DecodeAuthorizationMessage", AccessLevel.Write),
        Action("GetAccessKeyInfo", AccessLevel.Read),
        Action("GetCallerIdentity", AccessLevel.Read),
        Action("GetFederationToken", AccessLevel.Read, "user"),
        Action("GetSessionToken", AccessLevel.Read),
        Action("SetContext", AccessLevel.Write, "role"),
        Action("SetSourceIdentity", AccessLevel.Write, "role", "user"),
        Action("TagSession", AccessLevel.Tagging, "role", "user"),
    ]);

    /// <summary>The broker's own service for authorization callers: tokenbroker:AuthorizeRequest on arn:aws:tokenbroker::ACCOUNT:service/PREFIX.</summary>
    public static ActionCatalog TokenBroker { get; } = new("tokenbroker", [Action("AuthorizeRequest", AccessLevel.Read, "service")]);

    /// <summary>Every built-in catalog.</summary>
    public static IReadOnlyList<ActionCatalog> All { get; } = [Sts, TokenBroker];

    private static ServiceAction Action(string name, AccessLevel level, params string[] resourceTypes) => new(name, level, resourceTypes, []);
}
