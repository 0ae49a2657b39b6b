using System.Xml;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Iam;
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

    public IamOperations(IamUserReads users, IamRoleReads roles, IamAccessKeyWrites keyWrites, IamMfaWrites mfaWrites)
    {
        IamAction[] actions =
        [
            Row("GetUser", r => r.Text("UserName", IamParameters.Name),
                (c, name, _) => Task.FromResult(users.GetUser(c, name)),
                (xml, user) => xml.Structure("User", () => IamEntityXml.User(xml, user, detailed: true))),
            Row("ListUsers", IamParameters.PathList, users.ListUsersAsync,
                (xml, page) => xml.Page("Users", page, (x, u) => IamEntityXml.User(x, u, detailed: false))),
            Row("ListUserTags", r => IamParameters.NamedList(r, "UserName", IamParameters.Name), users.ListUserTagsAsync,
                (xml, page) => xml.Page("Tags", page, IamEntityXml.Tag)),
            Row("ListGroupsForUser", r => IamParameters.NamedList(r, "UserName", IamParameters.Name), users.ListGroupsForUserAsync,
                (xml, page) => xml.Page("Groups", page, IamEntityXml.Group)),
            Row("GetRole", r => r.Text("RoleName", IamParameters.RoleName.AsRequired())!,
                (c, name, _) => Task.FromResult(roles.GetRole(c, name)),
                (xml, role) => xml.Structure("Role", () => IamEntityXml.Role(xml, role, detailed: true))),
            Row("ListRoles", IamParameters.PathList, roles.ListRolesAsync,
                (xml, page) => xml.Page("Roles", page, (x, role) => IamEntityXml.Role(x, role, detailed: false))),
            Row("ListRoleTags", r => IamParameters.NamedList(r, "RoleName", IamParameters.RoleName), roles.ListRoleTagsAsync,
                (xml, page) => xml.Page("Tags", page, IamEntityXml.Tag)),
            .. SelfServiceRows(keyWrites, mfaWrites),
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
        new(name, async (request, cancellationToken) =>
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
                ? new StsReply(name, _ => { }, null, IamXml.Namespace) { HasResult = false }
                : new StsReply(name, xml => write(xml, value), null, IamXml.Namespace);
        });
}
