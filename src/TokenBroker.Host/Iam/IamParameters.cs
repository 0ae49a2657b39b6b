using System.Globalization;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Iam;

/// <summary>The IAM model's shape constraints for the members the IAM action table binds (botocore iam/2010-05-08).</summary>
internal static class IamParameters
{
    /// <summary>userNameType / groupNameType / policyNameType: 1–128, <c>[\w+=,.@-]+</c>.</summary>
    public static readonly StringRule Name = new(1, 128, Pattern.IamName);

    /// <summary>roleNameType: 1–64, <c>[\w+=,.@-]+</c>.</summary>
    public static readonly StringRule RoleName = new(1, 64, Pattern.IamName);

    /// <summary>arnType: 20–2048.</summary>
    public static readonly StringRule Arn = new(20, 2048, Pattern.Arn);

    /// <summary>pathPrefixType: 1–512, a slash then printable ASCII.</summary>
    public static readonly StringRule PathPrefix = new(1, 512, Pattern.PathPrefix);

    /// <summary>markerType: 1–320, <c>[\u0020-\u00FF]+</c>.</summary>
    public static readonly StringRule Marker = new(1, 320, Pattern.Marker);

    /// <summary>Marker and MaxItems (1–1000, default 100).</summary>
    public static PageRequest Page(ParameterReader reader) =>
        new(reader.Text("Marker", Marker), reader.Number("MaxItems", 1, PageRequest.MaxMaxItems) ?? PageRequest.DefaultMaxItems);

    /// <summary>PathPrefix, "/" when absent.</summary>
    public static PathListRequest PathList(ParameterReader reader) =>
        new(reader.Text("PathPrefix", PathPrefix) ?? "/", Page(reader));

    /// <summary>A required name member and the page members.</summary>
    public static NamedListRequest NamedList(ParameterReader reader, string member, StringRule rule) =>
        new(reader.Text(member, rule.AsRequired()), Page(reader));

    /// <summary>An optional name member (the caller's own user when absent) and the page members.</summary>
    public static NamedListRequest OptionalNamedList(ParameterReader reader, string member, StringRule rule) =>
        new(reader.Text(member, rule), Page(reader));

    /// <summary>policyVersionIdType: v1, v2, … (the broker keeps v1 only).</summary>
    public static readonly StringRule VersionId = new(1, 128, null);

    /// <summary>accessKeyIdType: 16–128, <c>[\w]+</c>.</summary>
    public static readonly StringRule AccessKeyId = new(16, 128, Pattern.AccessKeyId);

    /// <summary>policyDocumentType: 1–131072 characters.</summary>
    public static readonly StringRule PolicyDocument = new(1, 131072, Pattern.PolicyDocument);

    /// <summary>ActionNameType: 3–128.</summary>
    public static readonly StringRule ActionName = new(3, 128, null);

    /// <summary>ResourceNameType: 1–2048.</summary>
    public static readonly StringRule ResourceName = new(1, 2048, null);

    /// <summary>ContextKeyNameType: 5–256.</summary>
    public static readonly StringRule ContextKeyName = new(5, 256, null);

    /// <summary>A string member that must be one of an enum's values; null when absent.</summary>
    public static string? Enum(ParameterReader reader, string member, params string[] values)
    {
        var value = reader.Text(member, new StringRule(0, 256, null));
        if (value is not null && !values.Contains(value, StringComparer.Ordinal))
        {
            reader.AddViolation(value, member, "Member must satisfy enum value set: [" + string.Join(", ", values) + "]");
        }

        return value;
    }

    /// <summary>A boolean member (true or false); false when absent.</summary>
    public static bool Boolean(ParameterReader reader, string member)
    {
        var value = reader.Text(member, new StringRule(0, 5, null));
        if (value is null)
        {
            return false;
        }

        if (!bool.TryParse(value, out var parsed))
        {
            reader.AddViolation(value, member, "Member must be a boolean");
        }

        return parsed;
    }

    /// <summary>ListPolicies' members.</summary>
    public static ListPoliciesRequest ListPolicies(ParameterReader reader) => new(
        Enum(reader, "Scope", "All", "AWS", "Local") ?? "All",
        Boolean(reader, "OnlyAttached"),
        reader.Text("PathPrefix", PathPrefix) ?? "/",
        Enum(reader, "PolicyUsageFilter", "PermissionsPolicy", "PermissionsBoundary"),
        Page(reader));

    /// <summary>ListAttached{Kind}Policies' members.</summary>
    public static AttachedPoliciesRequest AttachedPolicies(ParameterReader reader, string member, StringRule rule) =>
        new(reader.Text(member, rule.AsRequired()) ?? "", reader.Text("PathPrefix", PathPrefix) ?? "/", Page(reader));

    /// <summary>Get{Kind}Policy's members.</summary>
    public static InlinePolicyRequest InlinePolicy(ParameterReader reader, string member, StringRule rule) =>
        new(reader.Text(member, rule.AsRequired()) ?? "", reader.Text("PolicyName", Name.AsRequired()) ?? "");

    /// <summary>GetAccountAuthorizationDetails' members.</summary>
    public static AuthorizationDetailsRequest AuthorizationDetails(ParameterReader reader)
    {
        string[] types = ["User", "Role", "Group", "LocalManagedPolicy", "AWSManagedPolicy"];
        var filter = reader.List("Filter", null, new StringRule(1, 64, null), types.Length);
        foreach (var value in filter.Where(f => !types.Contains(f, StringComparer.Ordinal)))
        {
            reader.AddViolation(value, "Filter", "Member must satisfy enum value set: [" + string.Join(", ", types) + "]");
        }

        return new(filter, Page(reader));
    }

    /// <summary>SimulatePrincipalPolicy's and SimulateCustomPolicy's members; <paramref name="principal"/> requires PolicySourceArn.</summary>
    public static PolicySimulationRequest Simulation(ParameterReader reader, QueryParameters parameters, bool principal)
    {
        var source = principal ? reader.Text("PolicySourceArn", Arn.AsRequired()) : null;
        var inputs = reader.List("PolicyInputList", null, PolicyDocument, 100);
        if (!principal && inputs.Count == 0)
        {
            reader.AddViolation(null, "PolicyInputList", "Member must not be null");
        }

        var boundary = reader.List("PermissionsBoundaryPolicyInputList", null, PolicyDocument, 1);
        var actions = reader.List("ActionNames", null, ActionName, 1000);
        if (actions.Count == 0)
        {
            reader.AddViolation(null, "ActionNames", "Member must not be null");
        }

        var resources = reader.List("ResourceArns", null, ResourceName, 1000);
        var resourcePolicy = reader.Text("ResourcePolicy", PolicyDocument);
        var owner = reader.Text("ResourceOwner", Arn);
        var caller = reader.Text("CallerArn", Arn);
        var entries = new List<ContextEntry>();
        for (var i = 1; parameters[$"ContextEntries.member.{i.ToString(CultureInfo.InvariantCulture)}.ContextKeyName"] is not null; i++)
        {
            var prefix = $"ContextEntries.member.{i.ToString(CultureInfo.InvariantCulture)}.";
            var key = reader.Text(prefix + "ContextKeyName", ContextKeyName)!;
            var values = reader.List(prefix + "ContextKeyValues", null, new StringRule(0, 4096, null), 1000);
            var type = Enum(reader, prefix + "ContextKeyType", "string", "stringList", "numeric", "numericList", "boolean", "booleanList",
                "ip", "ipList", "binary", "binaryList", "date", "dateList");
            entries.Add(new ContextEntry(key, values, type));
        }

        return new(source, inputs, boundary, actions, resources, resourcePolicy, owner, caller, entries, Page(reader));
    }
}
