using System.Xml;
using TokenBroker.Core.Model;

namespace TokenBroker.Host.Iam;

/// <summary>
/// The IAM structures of the directory's entities, member names and order as the IAM model (botocore iam/2010-05-08)
/// has them. Members the directory does not record (CreateDate of users, roles, groups and policies, RoleLastUsed) are
/// omitted rather than invented.
/// </summary>
internal static class IamEntityXml
{
    /// <summary>User: Path, UserName, UserId, Arn, and with <paramref name="detailed"/> PermissionsBoundary and Tags (GetUser).</summary>
    public static void User(XmlWriter xml, IamUser user, bool detailed)
    {
        xml.Text("Path", user.Path);
        xml.Text("UserName", user.UserName);
        xml.Text("UserId", user.UserId);
        xml.Text("Arn", user.Arn.ToString());
        if (detailed)
        {
            Boundary(xml, user.PermissionsBoundaryArn);
            Tags(xml, user.Tags);
        }
    }

    /// <summary>Role: Path, RoleName, RoleId, Arn, AssumeRolePolicyDocument (URL-encoded), MaxSessionDuration, and with <paramref name="detailed"/> PermissionsBoundary and Tags (GetRole).</summary>
    public static void Role(XmlWriter xml, IamRole role, bool detailed)
    {
        xml.Text("Path", role.Path);
        xml.Text("RoleName", role.RoleName);
        xml.Text("RoleId", role.RoleId);
        xml.Text("Arn", role.Arn.ToString());
        xml.Text("AssumeRolePolicyDocument", IamXml.EncodedDocument(role.TrustPolicy));
        xml.Number("MaxSessionDuration", role.MaxSessionDuration);
        if (detailed)
        {
            Boundary(xml, role.PermissionsBoundaryArn);
            Tags(xml, role.Tags);
        }
    }

    /// <summary>Group: Path, GroupName, GroupId, Arn.</summary>
    public static void Group(XmlWriter xml, IamGroup group)
    {
        xml.Text("Path", group.Path);
        xml.Text("GroupName", group.GroupName);
        xml.Text("GroupId", group.GroupId);
        xml.Text("Arn", group.Arn.ToString());
    }

    /// <summary>Tag: Key, Value.</summary>
    public static void Tag(XmlWriter xml, Tag tag)
    {
        xml.Text("Key", tag.Key);
        xml.Text("Value", tag.Value);
    }

    /// <summary>Tags, omitted when there are none (as IAM omits the empty list).</summary>
    public static void Tags(XmlWriter xml, IReadOnlyList<Tag> tags)
    {
        if (tags.Count > 0)
        {
            xml.List("Tags", tags, Tag);
        }
    }

    /// <summary>PermissionsBoundary {PermissionsBoundaryType, PermissionsBoundaryArn} when one is set.</summary>
    public static void Boundary(XmlWriter xml, string? boundaryArn)
    {
        if (boundaryArn is not null)
        {
            xml.Structure("PermissionsBoundary", () =>
            {
                xml.Text("PermissionsBoundaryType", "PermissionsBoundaryPolicy");
                xml.Text("PermissionsBoundaryArn", boundaryArn);
            });
        }
    }
}
