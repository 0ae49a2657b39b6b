using System.Xml;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Iam;

/// <summary>
/// The IAM action table: one row per action, naming the binder of its typed request (from the Query parameters, here
/// and nowhere else), the Core operation that authorizes and runs it, and the writer of its Result element. Adding an
/// action is one row here and one Core method.
/// </summary>
internal sealed partial class IamOperations
{
    private readonly Dictionary<string, IamAction> _actions;

    public IamOperations(
        IamUserReads users,
        IamRoleReads roles,
        IamGroupReads groups,
        IamPolicyReads policies,
        IamEntityPolicyReads entityPolicies,
        IamCredentialReads credentials,
        IamProviderReads providers,
        IamAuthorizationDetails details,
        IamPolicySimulator simulator,
        OutboundFederationOperations outbound,
        IamAccessKeyWrites keyWrites,
        IamMfaWrites mfaWrites,
        IamCredentialReport reports,
        IamAccessAdvisor advisor)
    {
        var name = IamParameters.Name;
        var roleName = IamParameters.RoleName;
        IamAction[] actions =
        [
            // Users
            Row("GetUser", r => r.Text("UserName", name), Sync<string?, IamUser>(users.GetUser),
                (xml, user) => xml.Structure("User", () => IamEntityXml.User(xml, user, detailed: true))),
            Row("ListUsers", IamParameters.PathList, users.ListUsersAsync,
                (xml, page) => xml.Page("Users", page, (x, u) => IamEntityXml.User(x, u, detailed: false))),
            Row("ListUserTags", r => IamParameters.NamedList(r, "UserName", name), users.ListUserTagsAsync,
                (xml, page) => xml.Page("Tags", page, IamEntityXml.Tag)),
            Row("ListGroupsForUser", r => IamParameters.NamedList(r, "UserName", name), users.ListGroupsForUserAsync,
                (xml, page) => xml.Page("Groups", page, IamEntityXml.Group)),

            // Roles
            Row("GetRole", r => r.Text("RoleName", roleName.AsRequired())!, Sync<string, IamRole>(roles.GetRole),
                (xml, role) => xml.Structure("Role", () => IamEntityXml.Role(xml, role, detailed: true))),
            Row("ListRoles", IamParameters.PathList, roles.ListRolesAsync,
                (xml, page) => xml.Page("Roles", page, (x, role) => IamEntityXml.Role(x, role, detailed: false))),
            Row("ListRoleTags", r => IamParameters.NamedList(r, "RoleName", roleName), roles.ListRoleTagsAsync,
                (xml, page) => xml.Page("Tags", page, IamEntityXml.Tag)),

            // Groups
            Row("GetGroup", r => IamParameters.NamedList(r, "GroupName", name), groups.GetGroupAsync, (xml, result) =>
            {
                xml.Structure("Group", () => IamEntityXml.Group(xml, result.Group));
                xml.Page("Users", result.Users, (x, u) => IamEntityXml.User(x, u, detailed: false));
            }),
            Row("ListGroups", IamParameters.PathList, groups.ListGroupsAsync,
                (xml, page) => xml.Page("Groups", page, IamEntityXml.Group)),

            // Managed policies
            Row("GetPolicy", r => r.Text("PolicyArn", IamParameters.Arn.AsRequired())!, Sync<string, ManagedPolicyDetail>(policies.GetPolicy),
                (xml, detail) => xml.Structure("Policy", () => IamResultXml.Policy(xml, detail))),
            Row("GetPolicyVersion",
                r => new PolicyVersionRequest(r.Text("PolicyArn", IamParameters.Arn.AsRequired())!, r.Text("VersionId", IamParameters.VersionId.AsRequired())!),
                Sync<PolicyVersionRequest, ManagedPolicy>(policies.GetPolicyVersion),
                (xml, policy) => xml.Structure("PolicyVersion", () => IamResultXml.PolicyVersion(xml, policy, withDocument: true))),
            Row("ListPolicyVersions", r => IamParameters.NamedList(r, "PolicyArn", IamParameters.Arn), policies.ListPolicyVersionsAsync,
                (xml, page) => xml.Page("Versions", page, (x, p) => IamResultXml.PolicyVersion(x, p, withDocument: false))),
            Row("ListPolicies", IamParameters.ListPolicies, policies.ListPoliciesAsync,
                (xml, page) => xml.Page("Policies", page, IamResultXml.Policy)),

            // Policies of users, groups and roles
            .. EntityPolicyRows(entityPolicies, IamEntityKind.User, "UserName", name),
            .. EntityPolicyRows(entityPolicies, IamEntityKind.Group, "GroupName", name),
            .. EntityPolicyRows(entityPolicies, IamEntityKind.Role, "RoleName", roleName),

            // Credentials
            Row("ListAccessKeys", r => IamParameters.OptionalNamedList(r, "UserName", name), credentials.ListAccessKeysAsync,
                (xml, page) => xml.Page("AccessKeyMetadata", page, IamResultXml.AccessKeyMetadata)),
            Row("GetAccessKeyLastUsed", r => r.Text("AccessKeyId", IamParameters.AccessKeyId.AsRequired())!,
                credentials.GetAccessKeyLastUsedAsync, IamResultXml.AccessKeyLastUsed),
            Row("ListMFADevices", r => IamParameters.OptionalNamedList(r, "UserName", name), credentials.ListMfaDevicesAsync,
                (xml, page) => xml.Page("MFADevices", page, IamResultXml.MfaDevice)),
            Row("ListVirtualMFADevices",
                r => new ListVirtualMfaDevicesRequest(IamParameters.Enum(r, "AssignmentStatus", "Assigned", "Unassigned", "Any") ?? "Any", IamParameters.Page(r)),
                credentials.ListVirtualMfaDevicesAsync,
                (xml, page) => xml.Page("VirtualMFADevices", page, IamResultXml.VirtualMfaDevice)),

            // Identity providers
            Row("ListSAMLProviders", _ => true, (c, _, _) => Task.FromResult(providers.ListSamlProviders(c)),
                (xml, list) => xml.List("SAMLProviderList", list, (x, p) => x.Text("Arn", p.Arn.ToString()))),
            Row("GetSAMLProvider", r => r.Text("SAMLProviderArn", IamParameters.Arn.AsRequired())!,
                Sync<string, SamlProvider>(providers.GetSamlProvider), IamResultXml.SamlProvider),
            Row("ListOpenIDConnectProviders", _ => true, (c, _, _) => Task.FromResult(providers.ListOidcProviders(c)),
                (xml, list) => xml.List("OpenIDConnectProviderList", list, (x, p) => x.Text("Arn", p.Arn.ToString()))),
            Row("GetOpenIDConnectProvider", r => r.Text("OpenIDConnectProviderArn", IamParameters.Arn.AsRequired())!,
                Sync<string, OidcProvider>(providers.GetOidcProvider), IamResultXml.OidcProvider),

            // The whole account, and the simulator
            Row("GetAccountAuthorizationDetails", IamParameters.AuthorizationDetails, details.GetAsync, IamResultXml.AuthorizationDetails),
            new("SimulatePrincipalPolicy", (request, ct) => Run(request, "SimulatePrincipalPolicy",
                r => IamParameters.Simulation(r, request.Parameters, principal: true), simulator.SimulatePrincipalAsync,
                (xml, page) => xml.Page("EvaluationResults", page, IamResultXml.EvaluationResult), ct)),
            new("SimulateCustomPolicy", (request, ct) => Run(request, "SimulateCustomPolicy",
                r => IamParameters.Simulation(r, request.Parameters, principal: false), simulator.SimulateCustomAsync,
                (xml, page) => xml.Page("EvaluationResults", page, IamResultXml.EvaluationResult), ct)),

            // Outbound web identity federation (issue 15)
            Row("EnableOutboundWebIdentityFederation", _ => true, (c, _, ct) => outbound.EnableAsync(c, ct),
                (xml, issuer) => xml.Text("IssuerIdentifier", issuer)),
            Row<bool, bool>("DisableOutboundWebIdentityFederation", _ => true, (c, _, ct) => outbound.DisableAsync(c, ct), null),
            Row("GetOutboundWebIdentityFederationInfo", _ => true, (c, _, _) => Task.FromResult(outbound.GetInfo(c)), (xml, info) =>
            {
                xml.Text("IssuerIdentifier", info.IssuerIdentifier);
                xml.Flag("JwtVendingEnabled", info.JwtVendingEnabled);
            }),

            // Self-service credentials
            .. SelfServiceRows(keyWrites, mfaWrites, reports),

            // Access advisor
            .. AccessAdvisorRows(advisor),
        ];
        _actions = actions.ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    /// <summary>Every action the table serves.</summary>
    public IReadOnlyCollection<IamAction> Actions => _actions.Values;

    /// <summary>The row of a served action, or null.</summary>
    public IamAction? Find(string action) => _actions.GetValueOrDefault(action);

    /// <summary>
    /// A row: bind the typed request (every shape violation becomes one ValidationError, before any authorization),
    /// run the operation, write its result; <paramref name="write"/> null for an action without output.
    /// </summary>
    public static IamAction Row<TRequest, TResult>(
        string name,
        Func<ParameterReader, TRequest> bind,
        Func<IamCall, TRequest, CancellationToken, Task<StsResult<TResult>>> run,
        Action<XmlWriter, TResult>? write) =>
        new(name, (request, cancellationToken) => Run(request, name, bind, run, write, cancellationToken));

    /// <summary>
    /// A row for a write whose answer is shown once: its reply carries the write's compensation, which the endpoint runs
    /// when the audit record cannot be written (docs/iam.md, "Audit").
    /// </summary>
    public static IamAction UndoableRow<TRequest, TResult>(
        string name,
        Func<ParameterReader, TRequest> bind,
        Func<IamCall, TRequest, CancellationToken, Task<StsResult<UndoableWrite<TResult>>>> run,
        Action<XmlWriter, TResult> write) =>
        new(name, async (request, cancellationToken) =>
        {
            WriteCompensation? compensation = null;
            var reply = await Run(request, name, bind, async (call, typed, token) =>
            {
                var written = await run(call, typed, token);
                if (!written.IsSuccess)
                {
                    return written.Error;
                }

                compensation = written.Value.Compensation;
                return written.Value.Value;
            }, write, cancellationToken);
            return reply with { Compensation = compensation };
        });

    private static async Task<StsReply> Run<TRequest, TResult>(
        IamRequest request,
        string name,
        Func<ParameterReader, TRequest> bind,
        Func<IamCall, TRequest, CancellationToken, Task<StsResult<TResult>>> run,
        Action<XmlWriter, TResult>? write,
        CancellationToken cancellationToken)
    {
        var reader = new ParameterReader(request.Parameters);
        var typed = bind(reader);
        if (reader.Error is { } invalid)
        {
            return new StsReply(name, null, invalid, IamXml.Namespace);
        }

        var result = await run(request.Call, typed, cancellationToken);
        if (!result.IsSuccess)
        {
            return new StsReply(name, null, result.Error, IamXml.Namespace);
        }

        var value = result.Value;
        return write is null
            ? new StsReply(name, _ => { }, null, IamXml.Namespace) { HasResult = false, Value = value }
            : new StsReply(name, xml => write(xml, value), null, IamXml.Namespace) { Value = value };
    }

    private static Func<IamCall, TRequest, CancellationToken, Task<StsResult<TResult>>> Sync<TRequest, TResult>(
        Func<IamCall, TRequest, StsResult<TResult>> operation) =>
        (call, request, _) => Task.FromResult(operation(call, request));

    private static IamAction[] EntityPolicyRows(IamEntityPolicyReads reads, IamEntityKind kind, string member, StringRule rule) =>
    [
        Row($"ListAttached{kind}Policies", r => IamParameters.AttachedPolicies(r, member, rule),
            (c, request, ct) => reads.ListAttachedAsync(c, kind, request, ct),
            (xml, page) => xml.Page("AttachedPolicies", page, IamResultXml.Attached)),
        Row($"List{kind}Policies", r => IamParameters.NamedList(r, member, rule),
            (c, request, ct) => reads.ListInlineAsync(c, kind, request, ct),
            (xml, page) => xml.Page("PolicyNames", page, (x, policyName) => x.WriteString(policyName))),
        Row($"Get{kind}Policy", r => IamParameters.InlinePolicy(r, member, rule),
            (c, request, _) => Task.FromResult(reads.GetInline(c, kind, request)),
            (xml, result) => IamResultXml.InlinePolicy(xml, kind, result)),
    ];
}
