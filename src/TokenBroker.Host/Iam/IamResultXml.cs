using System.Xml;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;

namespace TokenBroker.Host.Iam;

/// <summary>
/// The IAM result structures beyond users, roles and groups: policies, credentials, providers, authorization details,
/// simulation results and the outbound federation switch; member names and order as the IAM model has them.
/// </summary>
internal static class IamResultXml
{
    /// <summary>Policy: PolicyName, PolicyId, Arn, Path, DefaultVersionId, AttachmentCount, PermissionsBoundaryUsageCount, IsAttachable.</summary>
    public static void Policy(XmlWriter xml, ManagedPolicyDetail detail)
    {
        var policy = detail.Policy;
        xml.Text("PolicyName", policy.PolicyName);
        xml.Text("PolicyId", policy.PolicyId);
        xml.Text("Arn", policy.Arn.ToString());
        xml.Text("Path", policy.Path);
        xml.Text("DefaultVersionId", ManagedPolicyDetail.DefaultVersionId);
        xml.Number("AttachmentCount", detail.AttachmentCount);
        xml.Number("PermissionsBoundaryUsageCount", detail.PermissionsBoundaryUsageCount);
        xml.Flag("IsAttachable", true);
    }

    /// <summary>PolicyVersion: Document (URL-encoded, only where IAM returns it), VersionId, IsDefaultVersion.</summary>
    public static void PolicyVersion(XmlWriter xml, ManagedPolicy policy, bool withDocument)
    {
        if (withDocument)
        {
            xml.Text("Document", IamXml.EncodedDocument(policy.Document));
        }

        xml.Text("VersionId", ManagedPolicyDetail.DefaultVersionId);
        xml.Flag("IsDefaultVersion", true);
    }

    /// <summary>AttachedPolicy: PolicyName, PolicyArn.</summary>
    public static void Attached(XmlWriter xml, AttachedPolicy policy)
    {
        xml.Text("PolicyName", policy.PolicyName);
        xml.Text("PolicyArn", policy.PolicyArn);
    }

    /// <summary>Get{Kind}Policy's result: {Kind}Name, PolicyName, PolicyDocument (URL-encoded).</summary>
    public static void InlinePolicy(XmlWriter xml, IamEntityKind kind, InlinePolicyResult result)
    {
        xml.Text(kind + "Name", result.EntityName);
        xml.Text("PolicyName", result.Policy.Name);
        xml.Text("PolicyDocument", IamXml.EncodedDocument(result.Policy.Document));
    }

    /// <summary>AccessKeyMetadata: UserName, AccessKeyId, Status, CreateDate; never the secret.</summary>
    public static void AccessKeyMetadata(XmlWriter xml, AccessKey key)
    {
        xml.Text("UserName", key.UserName);
        xml.Text("AccessKeyId", key.AccessKeyId.Value);
        xml.Text("Status", key.Status.ToString());
        xml.Time("CreateDate", key.CreatedAt);
    }

    /// <summary>
    /// GetAccessKeyLastUsed's result from the usage records; a never-used key has no LastUsedDate and ServiceName and
    /// Region N/A (IAM's shape when it has no data).
    /// </summary>
    public static void AccessKeyLastUsed(XmlWriter xml, AccessKeyLastUsed result)
    {
        xml.Text("UserName", result.UserName);
        xml.Structure("AccessKeyLastUsed", () =>
        {
            if (result.LastUse is { } used)
            {
                xml.Time("LastUsedDate", used.UsedAt);
            }

            xml.Text("ServiceName", result.LastUse?.ServiceNamespace ?? "N/A");
            xml.Text("Region", result.LastUse?.Region ?? "N/A");
        });
    }

    /// <summary>MFADevice: UserName, SerialNumber, and EnableDate for a device enabled through the IAM API (the file records none).</summary>
    public static void MfaDevice(XmlWriter xml, MfaDevice device)
    {
        xml.Text("UserName", device.UserName ?? "");
        xml.Text("SerialNumber", device.SerialNumber);
        if (device.EnableDate is { } enabled)
        {
            xml.Time("EnableDate", enabled);
        }
    }

    /// <summary>VirtualMFADevice: SerialNumber and the assigned User; never the seed.</summary>
    public static void VirtualMfaDevice(XmlWriter xml, VirtualMfaDevice device)
    {
        xml.Text("SerialNumber", device.Device.SerialNumber);
        if (device.User is { } user)
        {
            xml.Structure("User", () => IamEntityXml.User(xml, user, detailed: false));
        }

        if (device.Device.EnableDate is { } enabled)
        {
            xml.Time("EnableDate", enabled);
        }
    }

    /// <summary>GetSAMLProvider's result: the metadata document (rebuilt from the stored entity id and certificates), encryption mode, private key ids.</summary>
    public static void SamlProvider(XmlWriter xml, SamlProvider provider)
    {
        xml.Text("SAMLMetadataDocument", SamlMetadataXml.Write(provider));
        xml.Text("AssertionEncryptionMode", provider.AssertionEncryptionMode.ToString());
        if (provider.PrivateKeyList.Count > 0)
        {
            xml.List("PrivateKeyList", provider.PrivateKeyList, (x, key) =>
            {
                x.Text("KeyId", key.KeyId);
                x.Time("Timestamp", key.Timestamp);
            });
        }
    }

    /// <summary>GetOpenIDConnectProvider's result: Url (without the scheme, as IAM returns it), ClientIDList, ThumbprintList.</summary>
    public static void OidcProvider(XmlWriter xml, OidcProvider provider)
    {
        xml.Text("Url", provider.HostPath);
        xml.Strings("ClientIDList", provider.ClientIds);
        xml.Strings("ThumbprintList", provider.Thumbprints);
    }

    /// <summary>GetAccountAuthorizationDetails' result: the four detail lists, IsTruncated and Marker.</summary>
    public static void AuthorizationDetails(XmlWriter xml, IamPage<AuthorizationDetail> page)
    {
        xml.List("UserDetailList", page.Items.Select(d => d.User).OfType<IamUser>(), (x, user) =>
        {
            IamEntityXml.User(x, user, detailed: false);
            x.List("UserPolicyList", user.Policies, PolicyDetail);
            x.Strings("GroupList", user.Groups);
            x.List("AttachedManagedPolicies", AttachedPolicy.Of(user.ManagedPolicyArns), Attached);
            IamEntityXml.Boundary(x, user.PermissionsBoundaryArn);
            IamEntityXml.Tags(x, user.Tags);
        });
        xml.List("GroupDetailList", page.Items.Select(d => d.Group).OfType<IamGroup>(), (x, group) =>
        {
            IamEntityXml.Group(x, group);
            x.List("GroupPolicyList", group.Policies, PolicyDetail);
            x.List("AttachedManagedPolicies", AttachedPolicy.Of(group.ManagedPolicyArns), Attached);
        });
        xml.List("RoleDetailList", page.Items.Select(d => d.Role).OfType<IamRole>(), (x, role) =>
        {
            x.Text("Path", role.Path);
            x.Text("RoleName", role.RoleName);
            x.Text("RoleId", role.RoleId);
            x.Text("Arn", role.Arn.ToString());
            x.Text("AssumeRolePolicyDocument", IamXml.EncodedDocument(role.TrustPolicy));
            x.List<string>("InstanceProfileList", [], (_, _) => { });
            x.List("RolePolicyList", role.Policies, PolicyDetail);
            x.List("AttachedManagedPolicies", AttachedPolicy.Of(role.ManagedPolicyArns), Attached);
            IamEntityXml.Boundary(x, role.PermissionsBoundaryArn);
            IamEntityXml.Tags(x, role.Tags);
        });
        xml.List("Policies", page.Items.Select(d => d.Policy).OfType<ManagedPolicyDetail>(), (x, detail) =>
        {
            Policy(x, detail);
            x.List("PolicyVersionList", [detail.Policy], (v, p) => PolicyVersion(v, p, withDocument: true));
        });
        xml.Flag("IsTruncated", page.IsTruncated);
        xml.OptionalText("Marker", page.Marker);
    }

    /// <summary>EvaluationResult: EvalActionName, EvalResourceName, EvalDecision, MatchedStatements, MissingContextValues.</summary>
    public static void EvaluationResult(XmlWriter xml, EvaluationResult result)
    {
        xml.Text("EvalActionName", result.EvalActionName);
        xml.Text("EvalResourceName", result.EvalResourceName);
        xml.Text("EvalDecision", result.EvalDecision);
        xml.List("MatchedStatements", result.MatchedStatements, (x, statement) =>
        {
            x.Text("SourcePolicyId", statement.SourcePolicyId);
            x.Text("SourcePolicyType", statement.SourcePolicyType);
        });
        xml.Strings("MissingContextValues", result.MissingContextValues);
    }

    private static void PolicyDetail(XmlWriter xml, Core.Model.InlinePolicy policy)
    {
        xml.Text("PolicyName", policy.Name);
        xml.Text("PolicyDocument", IamXml.EncodedDocument(policy.Document));
    }
}
