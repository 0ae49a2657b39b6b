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
}
