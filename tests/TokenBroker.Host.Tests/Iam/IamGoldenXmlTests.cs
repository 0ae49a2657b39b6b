using System.Text;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;
using TokenBroker.Host.Iam;
using TokenBroker.Host.Query;
using TokenBroker.Host.Tests.Protocol;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>Pins the IAM wire names and order: envelope, namespace, members, URL-encoded documents, lists and errors.</summary>
public class IamGoldenXmlTests
{
    private const string Declaration = "<?xml version=\"1.0\" encoding=\"utf-8\"?>";
    private static readonly AccountId Account = AccountId.Parse("111111111111");

    [Fact]
    public void Success_GetRole_MatchesIamShape()
    {
        var role = new IamRole(Account, "deploy", "AROAEXAMPLE000000001", "/app/", "{\"Version\":\"2012-10-17\",\"Statement\":[]}", [], [], 7200,
            "arn:aws:iam::111111111111:policy/Boundary", [new Tag("env", "prod")]);

        var xml = RenderedXml.Success("GetRole", "r1", w => w.Structure("Role", () => IamEntityXml.Role(w, role, detailed: true)), IamXml.Namespace);

        Assert.Equal(
            Declaration +
            "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult><Role>" +
            "<Path>/app/</Path><RoleName>deploy</RoleName><RoleId>AROAEXAMPLE000000001</RoleId><Arn>arn:aws:iam::111111111111:role/app/deploy</Arn>" +
            "<AssumeRolePolicyDocument>%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D</AssumeRolePolicyDocument>" +
            "<MaxSessionDuration>7200</MaxSessionDuration>" +
            "<PermissionsBoundary><PermissionsBoundaryType>PermissionsBoundaryPolicy</PermissionsBoundaryType>" +
            "<PermissionsBoundaryArn>arn:aws:iam::111111111111:policy/Boundary</PermissionsBoundaryArn></PermissionsBoundary>" +
            "<Tags><member><Key>env</Key><Value>prod</Value></member></Tags>" +
            "</Role></GetRoleResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetRoleResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Success_ListUsersTruncated_MatchesIamShape()
    {
        var user = new IamUser(Account, "alice", "AIDAEXAMPLE000000001", "/", [], [], [], null, []);
        var page = new IamPage<IamUser>([user], IsTruncated: true, Marker: "next");

        var xml = RenderedXml.Success("ListUsers", "r2", w => w.Page("Users", page, (x, u) => IamEntityXml.User(x, u, detailed: false)), IamXml.Namespace);

        Assert.Equal(
            Declaration +
            "<ListUsersResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><ListUsersResult>" +
            "<Users><member><Path>/</Path><UserName>alice</UserName><UserId>AIDAEXAMPLE000000001</UserId>" +
            "<Arn>arn:aws:iam::111111111111:user/alice</Arn></member></Users>" +
            "<IsTruncated>true</IsTruncated><Marker>next</Marker>" +
            "</ListUsersResult><ResponseMetadata><RequestId>r2</RequestId></ResponseMetadata></ListUsersResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Success_GetAccessKeyLastUsedNeverUsed_HasNoDateAndNotApplicableServiceAndRegion()
    {
        var xml = RenderedXml.Success("GetAccessKeyLastUsed", "r3", w => IamResultXml.AccessKeyLastUsed(w, new AccessKeyLastUsed("alice", null)), IamXml.Namespace);

        Assert.Equal(
            Declaration +
            "<GetAccessKeyLastUsedResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetAccessKeyLastUsedResult>" +
            "<UserName>alice</UserName><AccessKeyLastUsed><ServiceName>N/A</ServiceName><Region>N/A</Region></AccessKeyLastUsed>" +
            "</GetAccessKeyLastUsedResult><ResponseMetadata><RequestId>r3</RequestId></ResponseMetadata></GetAccessKeyLastUsedResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Success_ActionWithoutOutput_HasOnlyResponseMetadata()
    {
        var xml = RenderedXml.Success("DisableOutboundWebIdentityFederation", "r4", _ => { }, IamXml.Namespace, hasResult: false);

        Assert.Equal(
            Declaration +
            "<DisableOutboundWebIdentityFederationResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">" +
            "<ResponseMetadata><RequestId>r4</RequestId></ResponseMetadata></DisableOutboundWebIdentityFederationResponse>",
            Encoding.UTF8.GetString(xml));
    }

    [Fact]
    public void Error_NoSuchEntity_MatchesIamEnvelope()
    {
        var xml = StsXml.Error(IamErrors.NoSuchEntity("The role with name x cannot be found."), "r5", IamXml.Namespace);

        Assert.Equal(
            Declaration +
            "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>NoSuchEntity</Code>" +
            "<Message>The role with name x cannot be found.</Message></Error><RequestId>r5</RequestId></ErrorResponse>",
            Encoding.UTF8.GetString(xml));
    }
}
