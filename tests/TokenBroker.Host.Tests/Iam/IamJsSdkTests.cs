using System.Text.Json;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>
/// Every IAM operation the broker serves, and its errors, through a second client: @aws-sdk/client-iam (tests/js-client).
/// Each row: operation, the SDK's command input, who calls, a path into the output (or into the parsed error) and the
/// value expected there.
/// </summary>
public class IamJsSdkTests(IamBrokerFixture broker) : IClassFixture<IamBrokerFixture>
{
    private const string A = "arn:aws:iam::111111111111";

    public static TheoryData<string, string, string, string, string> Successes => new()
    {
        { "GetUser", "{}", "auditor", "User.UserName", "auditor" },
        { "GetUser", """{"UserName":"alice"}""", "auditor", "User.Tags.#", "2" },
        { "ListUsers", """{"PathPrefix":"/engineering/"}""", "auditor", "Users.#", "3" },
        { "ListUsers", """{"MaxItems":2}""", "auditor", "IsTruncated", "true" },
        { "ListUsers", """{"MaxItems":2}""", "auditor", "Users.#", "2" },
        { "ListUsers", """{"MaxItems":1000}""", "auditor", "IsTruncated", "false" },
        { "ListAccessKeys", """{"UserName":"alice","MaxItems":1}""", "auditor", "AccessKeyMetadata.#", "1" },
        { "ListAccessKeys", """{"UserName":"alice","MaxItems":1}""", "auditor", "IsTruncated", "true" },
        { "ListUserTags", """{"UserName":"alice"}""", "auditor", "Tags.0.Key", "team" },
        { "ListGroupsForUser", """{"UserName":"alice"}""", "auditor", "Groups.0.GroupName", "developers" },
        { "GetRole", """{"RoleName":"deploy"}""", "auditor", "Role.MaxSessionDuration", "7200" },
        { "GetRole", """{"RoleName":"deploy"}""", "auditor", "Role.AssumeRolePolicyDocument.decoded.Statement.0.Condition.StringEquals.sts:ExternalId", "deploy-7f3c9e" },
        { "ListRoles", "{}", "auditor", "Roles.#", "3" },
        { "ListRoleTags", """{"RoleName":"deploy"}""", "auditor", "Tags.1.Value", "platform" },
        { "GetGroup", """{"GroupName":"developers"}""", "auditor", "Users.#", "2" },
        { "ListGroups", "{}", "auditor", "Groups.#", "2" },
        { "GetPolicy", $$"""{"PolicyArn":"{{A}}:policy/app/AppRead"}""", "auditor", "Policy.AttachmentCount", "3" },
        { "GetPolicyVersion", $$"""{"PolicyArn":"{{A}}:policy/app/AppRead","VersionId":"v1"}""", "auditor", "PolicyVersion.Document.decoded.Statement.0.Action.1", "s3:ListBucket" },
        { "ListPolicyVersions", $$"""{"PolicyArn":"{{A}}:policy/app/AppRead"}""", "auditor", "Versions.0.IsDefaultVersion", "true" },
        { "ListPolicies", """{"Scope":"Local"}""", "auditor", "Policies.#", "3" },
        { "ListPolicies", """{"Scope":"Local","PolicyUsageFilter":"PermissionsBoundary"}""", "auditor", "Policies.0.PolicyName", "Boundary" },
        { "ListPolicies", """{"Scope":"AWS"}""", "auditor", "Policies.#", "0" },
        { "ListAttachedUserPolicies", """{"UserName":"alice"}""", "auditor", "AttachedPolicies.0.PolicyArn", $"{A}:policy/app/AppRead" },
        { "ListAttachedGroupPolicies", """{"GroupName":"auditors"}""", "auditor", "AttachedPolicies.0.PolicyName", "IamReadOnly" },
        { "ListAttachedRolePolicies", """{"RoleName":"deploy","PathPrefix":"/other/"}""", "auditor", "AttachedPolicies.#", "0" },
        { "ListUserPolicies", """{"UserName":"alice"}""", "auditor", "PolicyNames.0", "read-bucket" },
        { "ListGroupPolicies", """{"GroupName":"developers"}""", "auditor", "PolicyNames.0", "assume-app-roles" },
        { "ListRolePolicies", """{"RoleName":"deploy"}""", "auditor", "PolicyNames.0", "deploy-artifacts" },
        { "GetUserPolicy", """{"UserName":"alice","PolicyName":"read-bucket"}""", "auditor", "PolicyDocument.decoded.Statement.0.Sid", "ReadBucket" },
        { "GetGroupPolicy", """{"GroupName":"developers","PolicyName":"assume-app-roles"}""", "auditor", "PolicyDocument.decoded.Statement.0.Action", "sts:AssumeRole" },
        { "GetRolePolicy", """{"RoleName":"deploy","PolicyName":"deploy-artifacts"}""", "auditor", "PolicyDocument.decoded.Statement.0.Resource", "arn:aws:s3:::artifacts/*" },
        { "ListAccessKeys", """{"UserName":"alice"}""", "auditor", "AccessKeyMetadata.1.Status", "Inactive" },
        { "ListAccessKeys", "{}", "self-reader", "AccessKeyMetadata.0.AccessKeyId", "AKIAIAMSELFREADER001" },
        { "GetAccessKeyLastUsed", """{"AccessKeyId":"AKIAIAMALICE00000002"}""", "auditor", "AccessKeyLastUsed.ServiceName", "N/A" },
        { "GetAccessKeyLastUsed", """{"AccessKeyId":"AKIAIAMALICE00000002"}""", "auditor", "UserName", "alice" },
        { "ListMFADevices", """{"UserName":"alice"}""", "auditor", "MFADevices.0.SerialNumber", $"{A}:mfa/alice" },
        { "ListVirtualMFADevices", """{"AssignmentStatus":"Assigned"}""", "auditor", "VirtualMFADevices.0.User.UserName", "alice" },
        { "ListVirtualMFADevices", """{"AssignmentStatus":"Unassigned"}""", "auditor", "VirtualMFADevices.#", "0" },
        { "ListSAMLProviders", "{}", "auditor", "SAMLProviderList.0.Arn", $"{A}:saml-provider/corporate-idp" },
        { "GetSAMLProvider", $$"""{"SAMLProviderArn":"{{A}}:saml-provider/corporate-idp"}""", "auditor", "AssertionEncryptionMode", "Allowed" },
        { "ListOpenIDConnectProviders", "{}", "auditor", "OpenIDConnectProviderList.0.Arn", $"{A}:oidc-provider/token.example.com" },
        { "GetOpenIDConnectProvider", $$"""{"OpenIDConnectProviderArn":"{{A}}:oidc-provider/token.example.com"}""", "auditor", "ClientIDList.1", "mobile-app" },
        { "GetAccountAuthorizationDetails", """{"Filter":["Role"]}""", "auditor", "RoleDetailList.0.RolePolicyList.0.PolicyDocument.decoded.Statement.0.Resource", "arn:aws:s3:::artifacts/*" },
        { "GetAccountAuthorizationDetails", """{"Filter":["LocalManagedPolicy"]}""", "auditor", "Policies.0.PolicyVersionList.0.VersionId", "v1" },
        { "GetAccountAuthorizationDetails", """{"Filter":["User"],"MaxItems":1}""", "auditor", "UserDetailList.#", "1" },
        { "SimulatePrincipalPolicy", $$"""{"PolicySourceArn":"{{A}}:user/engineering/alice","ActionNames":["s3:GetObject"],"ResourceArns":["arn:aws:s3:::alice-bucket/k"],"ContextEntries":[{"ContextKeyName":"aws:SecureTransport","ContextKeyValues":["true"],"ContextKeyType":"boolean"}]}""", "auditor", "EvaluationResults.0.EvalDecision", "allowed" },
        { "SimulatePrincipalPolicy", $$"""{"PolicySourceArn":"{{A}}:user/engineering/alice","ActionNames":["s3:GetObject"],"ResourceArns":["arn:aws:s3:::alice-bucket/k"]}""", "auditor", "EvaluationResults.0.MissingContextValues.0", "aws:SecureTransport" },
        { "SimulatePrincipalPolicy", $$"""{"PolicySourceArn":"{{A}}:role/app/deploy","ActionNames":["iam:ListUsers"]}""", "auditor", "EvaluationResults.0.EvalDecision", "implicitDeny" },
        { "SimulateCustomPolicy", """{"PolicyInputList":["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"],"ActionNames":["s3:GetObject"]}""", "auditor", "EvaluationResults.0.EvalDecision", "explicitDeny" },
        { "SimulateCustomPolicy", """{"PolicyInputList":["{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"],"ActionNames":["s3:GetObject"]}""", "auditor", "EvaluationResults.0.MatchedStatements.0.SourcePolicyId", "PolicyInputList.1" },
    };

    public static TheoryData<string, string, string, string, string> Errors => new()
    {
        { "GetUser", """{"UserName":"ghost"}""", "auditor", "NoSuchEntityException", "404" },
        { "GetRole", """{"RoleName":"deploy"}""", "nobody", "AccessDenied", "403" },
        { "ListUsers", "{}", "nobody", "AccessDenied", "403" },
        { "ListUsers", """{"Marker":"AAAAAAAAAAAAAAAAAAAAAAAAAAA"}""", "auditor", "InvalidInputException", "400" },
        { "ListUsers", """{"MaxItems":1001}""", "auditor", "ValidationError", "400" },
        { "ListUsers", """{"MaxItems":0}""", "auditor", "ValidationError", "400" },
        { "ListRoles", """{"MaxItems":-1}""", "auditor", "ValidationError", "400" },
        { "ListPolicies", """{"Scope":"Everything"}""", "auditor", "ValidationError", "400" },
        { "GetGroup", """{"GroupName":"ghosts"}""", "auditor", "NoSuchEntityException", "404" },
        // Another account's resource: identity policies alone never reach it (cross-account evaluation), whatever exists there.
        { "GetPolicy", """{"PolicyArn":"arn:aws:iam::222222222222:policy/Other"}""", "auditor", "AccessDenied", "403" },
        { "GetPolicy", """{"PolicyArn":"arn:aws:iam::aws:policy/AdministratorAccess"}""", "auditor", "AccessDenied", "403" },
        { "GetPolicy", $$"""{"PolicyArn":"{{A}}:policy/Missing"}""", "auditor", "NoSuchEntityException", "404" },
        { "GetPolicyVersion", $$"""{"PolicyArn":"{{A}}:policy/app/AppRead","VersionId":"v2"}""", "auditor", "NoSuchEntityException", "404" },
        { "GetUserPolicy", """{"UserName":"alice","PolicyName":"missing"}""", "auditor", "NoSuchEntityException", "404" },
        { "GetRolePolicy", """{"RoleName":"ghost","PolicyName":"missing"}""", "auditor", "NoSuchEntityException", "404" },
        { "ListAttachedUserPolicies", """{"UserName":"alice"}""", "self-reader", "AccessDenied", "403" },
        { "ListAccessKeys", """{"UserName":"alice"}""", "self-reader", "AccessDenied", "403" },
        { "GetAccessKeyLastUsed", """{"AccessKeyId":"AKIAIAMZED0000000001"}""", "auditor", "NoSuchEntityException", "404" },
        { "GetAccessKeyLastUsed", """{"AccessKeyId":"AKIAIAMALICE00000001"}""", "self-reader", "AccessDenied", "403" },
        { "GetSAMLProvider", $$"""{"SAMLProviderArn":"{{A}}:saml-provider/none"}""", "auditor", "NoSuchEntityException", "404" },
        { "GetOpenIDConnectProvider", $$"""{"OpenIDConnectProviderArn":"{{A}}:oidc-provider/none.example.com"}""", "auditor", "NoSuchEntityException", "404" },
        { "GetAccountAuthorizationDetails", "{}", "nobody", "AccessDenied", "403" },
        { "SimulatePrincipalPolicy", $$"""{"PolicySourceArn":"{{A}}:user/ghost","ActionNames":["s3:GetObject"]}""", "auditor", "NoSuchEntityException", "404" },
        { "SimulateCustomPolicy", """{"PolicyInputList":["{not json"],"ActionNames":["s3:GetObject"]}""", "auditor", "InvalidInputException", "400" },
        { "EnableOutboundWebIdentityFederation", "{}", "auditor", "AccessDenied", "403" },
        { "GetOutboundWebIdentityFederationInfo", "{}", "zed", "FeatureDisabledException", "404" },
    };

    [Theory]
    [MemberData(nameof(Successes))]
    public async Task JsSdk_Operation_ReturnsWhatTheDirectoryHolds(string operation, string input, string caller, string path, string expected)
    {
        broker.SyncClock();
        using var json = await JsIamClient.RunAsync(broker.Endpoint, operation, input, Credentials(caller));

        Assert.False(json.RootElement.TryGetProperty("error", out var error), error.ToString());
        Assert.Equal(expected, JsIamClient.Read(json.RootElement, path));
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task JsSdk_BadRequest_GetsIamErrorAndStatus(string operation, string input, string caller, string errorName, string status)
    {
        broker.SyncClock();
        using var json = await JsIamClient.RunAsync(broker.Endpoint, operation, input, Credentials(caller));

        var error = json.RootElement.GetProperty("error");
        Assert.Equal(errorName, error.GetProperty("name").GetString());
        Assert.Equal(status, error.GetProperty("status").GetRawText());
        Assert.Equal("client", error.GetProperty("fault").GetString());
    }

    [Fact]
    public async Task JsSdk_AccessDenied_NamesCallerActionAndResourceAsIam()
    {
        broker.SyncClock();
        using var json = await JsIamClient.RunAsync(broker.Endpoint, "GetRole", """{"RoleName":"deploy"}""", Credentials("nobody"));

        Assert.Equal(
            "User: arn:aws:iam::111111111111:user/nobody is not authorized to perform: iam:GetRole on resource: arn:aws:iam::111111111111:role/app/deploy because no identity-based policy allows the iam:GetRole action",
            json.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    private static Dictionary<string, string> Credentials(string caller) => caller switch
    {
        "auditor" => IamBrokerFixture.Auditor,
        "nobody" => IamBrokerFixture.Nobody,
        "self-reader" => IamBrokerFixture.SelfReader,
        "zed" => IamBrokerFixture.Zed,
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };
}
