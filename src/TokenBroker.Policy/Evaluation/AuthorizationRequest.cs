using TokenBroker.Policy.Matching;

namespace TokenBroker.Policy.Evaluation;

/// <summary>
/// One request to authorize: who (principal), what (action) and on which resource, with its context keys.
/// Built once per request; everything evaluation needs is derived here so that evaluation does not allocate.
/// </summary>
public sealed class AuthorizationRequest
{
    private readonly Range[] _resourceRanges = new Range[ArnSplitter.Components];

    /// <summary>Creates a request from a caller ARN read as text (policy simulate, tools); see <see cref="Principal.Parse"/>.</summary>
    /// <param name="principalArn">The caller's ARN, or null for an anonymous request.</param>
    /// <param name="action">The action, for example <c>s3:GetObject</c>.</param>
    /// <param name="resourceArn">The resource ARN (the role ARN for sts:AssumeRole*).</param>
    /// <param name="context">The request context keys; the request keeps its own copy, with the missing principal keys added.</param>
    /// <param name="sessionIssuerArn">The role of a role session or the IAM user of a federated user; derived from a role session ARN when null.</param>
    /// <param name="resourceAccount">The account that owns the resource; defaults to the resource ARN's account, else the principal's.</param>
    public AuthorizationRequest(
        string? principalArn,
        string action,
        string resourceArn,
        RequestContext? context = null,
        string? sessionIssuerArn = null,
        string? resourceAccount = null)
        : this(Principal.Parse(principalArn).WithIssuer(sessionIssuerArn), action, resourceArn, context, resourceAccount)
    {
    }

    /// <summary>Creates a request for a principal the caller already knows, and fills the context keys AWS derives from it when they are absent.</summary>
    /// <param name="principal">The caller, parsed once.</param>
    /// <param name="action">The action, for example <c>s3:GetObject</c>.</param>
    /// <param name="resourceArn">The resource ARN (the role ARN for sts:AssumeRole*).</param>
    /// <param name="context">The request context keys; the request keeps its own copy, with the missing principal keys added.</param>
    /// <param name="resourceAccount">The account that owns the resource; defaults to the resource ARN's account, else the principal's.</param>
    public AuthorizationRequest(
        Principal principal,
        string action,
        string resourceArn,
        RequestContext? context = null,
        string? resourceAccount = null)
        : this(context?.Copy() ?? new RequestContext(), principal, action, resourceArn, resourceAccount)
    {
    }

    // The request's own context: a copy (public constructors), so principal keys filled here never leak into another
    // request built from the same context, or one built for this request alone (OwningContext).
    private AuthorizationRequest(RequestContext ownContext, Principal principal, string action, string resourceArn, string? resourceAccount)
    {
        ArgumentNullException.ThrowIfNull(principal);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(resourceArn);
        Principal = principal;
        Action = action;
        ResourceArn = resourceArn;
        Context = ownContext;
        var colon = action.IndexOf(':', StringComparison.Ordinal);
        ActionService = colon < 0 ? action : action[..colon];
        ResourceIsArn = ArnSplitter.TrySplit(resourceArn, _resourceRanges);
        var resourceArnAccount = ResourceIsArn ? resourceArn[_resourceRanges[4]] : string.Empty;
        ResourceAccount = resourceAccount ?? (resourceArnAccount.Length > 0 ? resourceArnAccount : PrincipalAccount);
        TargetsKmsKey = IsKmsKey(ActionService, ResourceIsArn ? resourceArn : null, _resourceRanges);
        FillPrincipalKeys();
    }

    /// <summary>A request that takes <paramref name="context"/> as its own, without a copy: the caller must not use that context again.</summary>
    /// <param name="principal">The caller, parsed once.</param>
    /// <param name="action">The action, for example <c>s3:GetObject</c>.</param>
    /// <param name="resourceArn">The resource ARN.</param>
    /// <param name="context">The request context keys, built for this request only; the missing principal keys are added to it.</param>
    /// <param name="resourceAccount">The account that owns the resource; defaults to the resource ARN's account, else the principal's.</param>
    public static AuthorizationRequest OwningContext(
        Principal principal, string action, string resourceArn, RequestContext context, string? resourceAccount = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new AuthorizationRequest(context, principal, action, resourceArn, resourceAccount);
    }

    /// <summary>Gets the caller.</summary>
    public Principal Principal { get; }

    /// <summary>Gets the caller's ARN (empty for an anonymous request).</summary>
    public string PrincipalArn => Principal.Arn;

    /// <summary>Gets the kind of caller.</summary>
    public PrincipalKind PrincipalKind => Principal.Kind;

    /// <summary>Gets the caller's account (the account field of its ARN).</summary>
    public string PrincipalAccount => Principal.Account;

    /// <summary>Gets the identity that issued the caller's session, if any.</summary>
    public string? SessionIssuerArn => Principal.IssuerArn;

    /// <summary>Gets the action.</summary>
    public string Action { get; }

    /// <summary>Gets the service prefix of the action.</summary>
    public string ActionService { get; }

    /// <summary>Gets the resource ARN.</summary>
    public string ResourceArn { get; }

    /// <summary>Gets the account that owns the resource.</summary>
    public string ResourceAccount { get; }

    /// <summary>Gets the request context keys.</summary>
    public RequestContext Context { get; }

    /// <summary>Gets a value indicating whether the caller is an IAM identity or session that AWS principals can name.</summary>
    public bool IsIamPrincipal => PrincipalKind is PrincipalKind.Root or PrincipalKind.User or PrincipalKind.Role
        or PrincipalKind.AssumedRole or PrincipalKind.FederatedUser;

    /// <summary>Gets a value indicating whether the caller and the resource are in the same account.</summary>
    public bool IsSameAccount => PrincipalAccount.Length > 0
        && string.Equals(PrincipalAccount, ResourceAccount, StringComparison.Ordinal);

    internal bool ResourceIsArn { get; }

    /// <summary>
    /// Gets a value indicating whether this is a KMS action on a KMS key, which only the key policy can open: "Unless
    /// the key policy explicitly allows it, you cannot use IAM policies to allow access to a KMS key" (AWS KMS
    /// Developer Guide, key-policies). Actions on aliases or on no resource (kms:ListKeys) are IAM-only.
    /// </summary>
    internal bool TargetsKmsKey { get; }

    internal ReadOnlySpan<Range> ResourceRanges => _resourceRanges;

    /// <summary>Gets the key that selects keyed statements (<see cref="Compiled.StatementIndex"/>); empty for a non-ARN resource.</summary>
    internal ReadOnlySpan<char> ResourceKey =>
        ResourceIsArn ? Compiled.StatementIndex.KeyOf(ResourceArn.AsSpan()[_resourceRanges[5]]) : [];

    private static bool IsKmsKey(string actionService, string? resourceArn, ReadOnlySpan<Range> ranges) =>
        resourceArn is not null
        && string.Equals(actionService, "kms", StringComparison.OrdinalIgnoreCase)
        && resourceArn.AsSpan()[ranges[2]].Equals("kms", StringComparison.OrdinalIgnoreCase)
        && resourceArn.AsSpan()[ranges[5]].StartsWith("key/", StringComparison.Ordinal);

    /// <summary>
    /// aws:PrincipalArn is the role ARN for a role session (IAM User Guide, reference_policies_condition-keys,
    /// aws:PrincipalArn); aws:username exists for IAM users only (reference_policies_variables).
    /// </summary>
    private void FillPrincipalKeys()
    {
        if (!IsIamPrincipal)
        {
            return;
        }

        var principalArn = PrincipalKind == PrincipalKind.AssumedRole && SessionIssuerArn is not null
            ? SessionIssuerArn
            : PrincipalArn;
        SetIfAbsent("aws:PrincipalArn", principalArn);
        SetIfAbsent("aws:PrincipalAccount", PrincipalAccount);
        if (PrincipalKind == PrincipalKind.User && Principal.Name is { } userName)
        {
            SetIfAbsent("aws:username", userName);
        }
    }

    private void SetIfAbsent(string key, string value)
    {
        if (!Context.Contains(key))
        {
            Context.Set(key, value);
        }
    }
}
