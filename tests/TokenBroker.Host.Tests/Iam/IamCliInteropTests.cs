using System.Text.Json;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>
/// The stock aws CLI (v1) and boto3 read through the IAM API what `directory apply` created. Named *Interop*, so test.sh
/// runs these again with the broker on DynamoDB Local.
/// </summary>
public class IamCliInteropTests(IamBrokerFixture broker) : IClassFixture<IamBrokerFixture>
{
    [Fact]
    public async Task AwsCli_GetUserWithoutName_ReturnsTheCaller()
    {
        var (exit, stdout, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Auditor, "get-user");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var user = json.RootElement.GetProperty("User");
        Assert.Equal("auditor", user.GetProperty("UserName").GetString());
        Assert.Equal("arn:aws:iam::111111111111:user/auditor", user.GetProperty("Arn").GetString());
        Assert.StartsWith("AIDA", user.GetProperty("UserId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_GetUser_ReturnsPathBoundaryAndTags()
    {
        var (exit, stdout, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Auditor, "get-user", "--user-name", "alice");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var user = json.RootElement.GetProperty("User");
        Assert.Equal("/engineering/", user.GetProperty("Path").GetString());
        Assert.Equal("arn:aws:iam::111111111111:user/engineering/alice", user.GetProperty("Arn").GetString());
        Assert.Equal("arn:aws:iam::111111111111:policy/Boundary",
            user.GetProperty("PermissionsBoundary").GetProperty("PermissionsBoundaryArn").GetString());
        var tags = user.GetProperty("Tags").EnumerateArray().ToDictionary(t => t.GetProperty("Key").GetString()!, t => t.GetProperty("Value").GetString());
        Assert.Equal("platform", tags["team"]);
        Assert.Equal("4711", tags["cost-center"]);
    }

    [Fact]
    public async Task AwsCli_ListUsersWithPageSizeTwo_FollowsMarkersToEveryUser()
    {
        // --page-size makes the CLI ask for two items per call and follow Marker while IsTruncated is true.
        var (exit, stdout, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Auditor, "list-users", "--page-size", "2");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var names = json.RootElement.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()).ToList();
        Assert.Equal(["admin", "alice", "auditor", "bob", "carol", "dave", "erin", "nobody", "self-reader"], names);
    }

    [Fact]
    public async Task AwsCli_ListUsersWithPathPrefix_ReturnsOnlyThatPath()
    {
        var (exit, stdout, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Auditor, "list-users", "--path-prefix", "/engineering/");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var names = json.RootElement.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()).ToList();
        Assert.Equal(["alice", "bob", "carol"], names);
    }

    [Fact]
    public async Task AwsCli_GetRole_ReturnsTheDecodedTrustPolicyAndSettings()
    {
        var (exit, stdout, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Auditor, "get-role", "--role-name", "deploy");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var role = json.RootElement.GetProperty("Role");
        Assert.Equal("arn:aws:iam::111111111111:role/app/deploy", role.GetProperty("Arn").GetString());
        Assert.StartsWith("AROA", role.GetProperty("RoleId").GetString(), StringComparison.Ordinal);
        Assert.Equal(7200, role.GetProperty("MaxSessionDuration").GetInt32());
        // The CLI decodes the URL-encoded document into JSON, as it does for AWS.
        var statement = role.GetProperty("AssumeRolePolicyDocument").GetProperty("Statement")[0];
        Assert.Equal("deploy-7f3c9e", statement.GetProperty("Condition").GetProperty("StringEquals").GetProperty("sts:ExternalId").GetString());
        Assert.Equal(2, role.GetProperty("Tags").GetArrayLength());
    }

    [Fact]
    public async Task AwsCli_GetRoleUnknown_IsNoSuchEntity()
    {
        var (exit, _, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Auditor, "get-role", "--role-name", "missing");

        Assert.NotEqual(0, exit);
        Assert.Contains("(NoSuchEntity)", stderr, StringComparison.Ordinal);
        Assert.Contains("The role with name missing cannot be found.", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_UserWithoutIamPermissions_IsAccessDeniedInIamWording()
    {
        var (exit, _, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Nobody, "list-roles");

        Assert.NotEqual(0, exit);
        Assert.Contains("(AccessDenied)", stderr, StringComparison.Ordinal);
        Assert.Contains(
            "User: arn:aws:iam::111111111111:user/nobody is not authorized to perform: iam:ListRoles on resource: * because no identity-based policy allows the iam:ListRoles action",
            stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_PolicyWithUsernameVariable_AllowsOnlyTheOwnUser()
    {
        var own = await broker.AwsIamAsync(IamBrokerFixture.SelfReader, "get-user", "--user-name", "self-reader");
        var other = await broker.AwsIamAsync(IamBrokerFixture.SelfReader, "get-user", "--user-name", "alice");

        Assert.True(own.ExitCode == 0, own.Stderr);
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("on resource: arn:aws:iam::111111111111:user/engineering/alice", other.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_OtherAccountsCaller_SeesOnlyItsOwnAccount()
    {
        var (exit, stdout, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Zed, "list-users");
        var alice = await broker.AwsIamAsync(IamBrokerFixture.Zed, "get-user", "--user-name", "alice");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["zed"], json.RootElement.GetProperty("Users").EnumerateArray().Select(u => u.GetProperty("UserName").GetString()));
        Assert.Contains("(NoSuchEntity)", alice.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boto3_ListRolesWithMaxItemsOne_LoopsOnIsTruncatedThroughEveryRole()
    {
        const string script = """
            import json, sys, boto3
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
            names, kwargs, calls = [], {"MaxItems": 1}, 0
            while True:
                page = iam.list_roles(**kwargs)
                calls += 1
                names += [r["RoleName"] for r in page["Roles"]]
                if not page["IsTruncated"]:
                    break
                kwargs["Marker"] = page["Marker"]
            print(json.dumps({"names": names, "calls": calls}))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(IamBrokerFixture.Auditor, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["deploy", "reader", "web"], json.RootElement.GetProperty("names").EnumerateArray().Select(n => n.GetString()));
        Assert.Equal(3, json.RootElement.GetProperty("calls").GetInt32());
    }

    [Fact]
    public async Task Marker_ForgedOrReplayedByAnotherCallerOrList_IsRejected()
    {
        const string script = """
            import json, os, sys, boto3
            url = sys.argv[1]
            iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1")
            other = boto3.client("iam", endpoint_url=url, region_name="us-east-1", aws_access_key_id=sys.argv[2], aws_secret_access_key=sys.argv[3])
            marker = iam.list_users(MaxItems=1)["Marker"]
            attempts = [lambda: iam.list_roles(MaxItems=1, Marker=marker),
                        lambda: iam.list_users(MaxItems=1, Marker=marker, PathPrefix="/engineering/"),
                        lambda: iam.list_users(MaxItems=1, Marker=marker[:-2] + ("AA" if marker[-2:] != "AA" else "BB")),
                        lambda: other.list_users(MaxItems=1, Marker=marker)]
            errors = []
            for call in attempts:
                try:
                    call()
                    errors.append(None)
                except iam.exceptions.ClientError as e:
                    errors.append(e.response["Error"]["Code"])
            following = iam.list_users(MaxItems=1, Marker=marker)["Users"][0]["UserName"]
            print(json.dumps({"errors": errors, "following": following}))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(IamBrokerFixture.Auditor, script,
            IamBrokerFixture.Zed["AWS_ACCESS_KEY_ID"], IamBrokerFixture.Zed["AWS_SECRET_ACCESS_KEY"]);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["InvalidInput", "InvalidInput", "InvalidInput", "InvalidInput"],
            json.RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("alice", json.RootElement.GetProperty("following").GetString());
    }

    [Fact]
    public async Task Boto3_PolicyDocuments_DecodeToTheDocumentsOfTheDirectoryFile()
    {
        const string script = """
            import json, sys, boto3, yaml
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
            account = yaml.safe_load(open(sys.argv[2]))["accounts"][0]
            def find(items, name):
                return next(i for i in items if i["name"] == name)
            user = find(account["users"], "alice")
            role = find(account["roles"], "deploy")
            group = find(account["groups"], "developers")
            policy = find(account["managedPolicies"], "AppRead")
            # boto3 URL-decodes and parses policy documents itself, as it does for AWS.
            pairs = [
                (iam.get_role(RoleName="deploy")["Role"]["AssumeRolePolicyDocument"], role["trustPolicy"]),
                (iam.get_role_policy(RoleName="deploy", PolicyName="deploy-artifacts")["PolicyDocument"], role["policies"][0]["document"]),
                (iam.get_user_policy(UserName="alice", PolicyName="read-bucket")["PolicyDocument"], user["policies"][0]["document"]),
                (iam.get_group_policy(GroupName="developers", PolicyName="assume-app-roles")["PolicyDocument"], group["policies"][0]["document"]),
                (iam.get_policy_version(PolicyArn="arn:aws:iam::111111111111:policy/app/AppRead", VersionId="v1")["PolicyVersion"]["Document"], policy["document"]),
            ]
            print(json.dumps([served == original for served, original in pairs]))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(IamBrokerFixture.Auditor, script, IamBrokerFixture.DirectoryFile);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal([true, true, true, true, true], json.RootElement.EnumerateArray().Select(e => e.GetBoolean()));
    }

    [Fact]
    public async Task Boto3_RoleSession_IsAuthorizedByItsRolesPoliciesAndHasNoOwnUser()
    {
        const string script = """
            import json, sys, boto3
            url = sys.argv[1]
            sts = boto3.client("sts", endpoint_url=url, region_name="eu-west-1")
            creds = sts.assume_role(RoleArn="arn:aws:iam::111111111111:role/reader", RoleSessionName="iam-read")["Credentials"]
            iam = boto3.client("iam", endpoint_url=url, region_name="us-east-1", aws_access_key_id=creds["AccessKeyId"],
                               aws_secret_access_key=creds["SecretAccessKey"], aws_session_token=creds["SessionToken"])
            roles = [r["RoleName"] for r in iam.list_roles()["Roles"]]
            try:
                iam.get_user()
                own = None
            except iam.exceptions.ClientError as e:
                own = [e.response["Error"]["Code"], e.response["Error"]["Message"]]
            try:
                iam.enable_outbound_web_identity_federation()
                enable = None
            except iam.exceptions.ClientError as e:
                enable = e.response["Error"]["Message"]
            print(json.dumps({"roles": roles, "own": own, "enable": enable}))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(IamBrokerFixture.Admin, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(["deploy", "reader", "web"], json.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(["ValidationError", "Must specify userName when calling with non-User credentials"],
            json.RootElement.GetProperty("own").EnumerateArray().Select(r => r.GetString()));
        Assert.StartsWith("User: arn:aws:sts::111111111111:assumed-role/reader/iam-read is not authorized to perform: iam:EnableOutboundWebIdentityFederation",
            json.RootElement.GetProperty("enable").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Boto3_AccountAuthorizationDetailsPaginator_CollectsEveryEntityOnce()
    {
        const string script = """
            import json, sys, boto3
            iam = boto3.client("iam", endpoint_url=sys.argv[1], region_name="us-east-1")
            users, groups, roles, policies, pages = [], [], [], [], 0
            for page in iam.get_paginator("get_account_authorization_details").paginate(PaginationConfig={"PageSize": 4}):
                pages += 1
                users += [u["UserName"] for u in page["UserDetailList"]]
                groups += [g["GroupName"] for g in page["GroupDetailList"]]
                roles += [r["RoleName"] for r in page["RoleDetailList"]]
                policies += [p["PolicyName"] for p in page["Policies"]]
            alice = iam.get_account_authorization_details(Filter=["User"])["UserDetailList"]
            alice = next(u for u in alice if u["UserName"] == "alice")
            print(json.dumps({"pages": pages, "users": users, "groups": groups, "roles": roles, "policies": policies,
                              "aliceGroups": alice["GroupList"], "aliceInline": alice["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Sid"]}))
            """;

        var (exit, stdout, stderr) = await broker.Boto3Async(IamBrokerFixture.Auditor, script);

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(["admin", "alice", "auditor", "bob", "carol", "dave", "erin", "nobody", "self-reader"], root.GetProperty("users").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["auditors", "developers"], root.GetProperty("groups").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["deploy", "reader", "web"], root.GetProperty("roles").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(["AppRead", "Boundary", "IamReadOnly"], root.GetProperty("policies").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(5, root.GetProperty("pages").GetInt32());
        Assert.Equal(["developers"], root.GetProperty("aliceGroups").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal("ReadBucket", root.GetProperty("aliceInline").GetString());
    }

    [Fact]
    public async Task AwsCli_SimulatePrincipalPolicy_ReportsTheEnginesDecisionWithMatchedStatements()
    {
        var (exit, stdout, stderr) = await broker.AwsIamAsync(IamBrokerFixture.Auditor, "simulate-principal-policy",
            "--policy-source-arn", "arn:aws:iam::111111111111:user/engineering/alice",
            "--action-names", "s3:GetObject", "s3:PutObject",
            "--resource-arns", "arn:aws:s3:::alice-bucket/report.csv",
            "--context-entries", "ContextKeyName=aws:SecureTransport,ContextKeyValues=true,ContextKeyType=boolean");

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var results = json.RootElement.GetProperty("EvaluationResults");
        Assert.Equal("allowed", results[0].GetProperty("EvalDecision").GetString());
        Assert.Contains(results[0].GetProperty("MatchedStatements").EnumerateArray(),
            m => m.GetProperty("SourcePolicyId").GetString() == "read-bucket" && m.GetProperty("SourcePolicyType").GetString() == "user");
        // The boundary allows s3:*, but no identity policy allows PutObject.
        Assert.Equal("implicitDeny", results[1].GetProperty("EvalDecision").GetString());
    }
}
