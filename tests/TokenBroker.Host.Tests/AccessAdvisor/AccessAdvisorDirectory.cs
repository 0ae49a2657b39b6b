using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.AccessAdvisor;

/// <summary>
/// The access advisor tests' directory (account 111111111111): worker (sts and orders calls, s3:GetObject never used) and
/// idle in group team, whose managed policy TeamOrders (orders:ListOrders) is also attached to role runner; runner
/// (orders:*, assumable by the account); auditor (may run access advisor on anything); limited (may generate only on
/// itself, may read jobs); and the declared service orders with routes and a proxy key.
/// </summary>
public static class AccessAdvisorDirectory
{
    public static readonly AccountId Account = AccountId.Parse("111111111111");
    public const string A = "arn:aws:iam::111111111111";
    public const string ProxyKeyHeader = "edge-adv:edge-adv-secret-00000000000000000000000";

    public static readonly AccessKey Worker = Key("AKIAADVWORKER0000001", "worker");
    public static readonly AccessKey Auditor = Key("AKIAADVAUDITOR000001", "auditor");
    public static readonly AccessKey Limited = Key("AKIAADVLIMITED000001", "limited");

    public static DirectorySnapshot Snapshot() => new(
    [
        new AccountSnapshot(Account,
            [
                new IamUser(Account, "worker", "AIDAADVWORKER0000001", "/staff/",
                    [new InlinePolicy("work", Document(Allow("sts:GetCallerIdentity", "sts:AssumeRole", "orders:GetOrder", "s3:GetObject")))], [], ["team"], null, []),
                new IamUser(Account, "idle", "AIDAADVIDLE000000001", "/", [], [], ["team"], null, []),
                new IamUser(Account, "auditor", "AIDAADVAUDITOR000001", "/",
                    [new InlinePolicy("advisor", Document(Allow("iam:GenerateServiceLastAccessedDetails", "iam:GetServiceLastAccessedDetails",
                        "iam:GetServiceLastAccessedDetailsWithEntities", "sts:GetCallerIdentity")))], [], [], null, []),
                new IamUser(Account, "limited", "AIDAADVLIMITED000001", "/",
                    [new InlinePolicy("self", Document(
                        """{"Effect":"Allow","Action":"iam:GenerateServiceLastAccessedDetails","Resource":"arn:aws:iam::*:user/${aws:username}"}""",
                        Allow("iam:GetServiceLastAccessedDetails", "iam:GetServiceLastAccessedDetailsWithEntities")))], [], [], null, []),
            ],
            [Worker, Auditor, Limited],
            [],
            [new IamGroup(Account, "team", "AGPAADVTEAM000000001", "/", [], [A + ":policy/TeamOrders"])],
            [new ManagedPolicy(Account, "TeamOrders", "ANPAADVTEAMORDERS001", "/", Document(Allow("orders:ListOrders")))],
            [
                new IamRole(Account, "runner", "AROAADVRUNNER0000001", "/",
                    Document("""{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}"""),
                    [new InlinePolicy("all", Document(Allow("orders:*", "sts:GetCallerIdentity")))], [A + ":policy/TeamOrders"], 3600, null, []),
            ],
            [], []),
    ]) { Services = [Orders()] };

    private static ServiceCatalog Orders() => new(
        "orders",
        Account,
        [
            new ServiceAction("GetOrder", AccessLevel.Read, [], []),
            new ServiceAction("ListOrders", AccessLevel.List, [], []),
            new ServiceAction("CreateOrder", AccessLevel.Write, [], []),
        ],
        [],
        [
            new ServiceRoute("GET", "/orders/{OrderId}", "GetOrder", null),
            new ServiceRoute("GET", "/orders", "ListOrders", null),
            new ServiceRoute("POST", "/orders", "CreateOrder", null),
        ],
        [],
        [ProxyKey.FromSecret("edge-adv", "edge-adv-secret-00000000000000000000000")]);

    private static AccessKey Key(string id, string user) =>
        new(AccessKeyId.Parse(id), Account, user, user + "-secret-" + new string('0', 30), AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    private static string Allow(params string[] actions) =>
        $$"""{"Effect":"Allow","Action":[{{string.Join(',', actions.Select(a => $"\"{a}\""))}}],"Resource":"*"}""";

    private static string Document(params string[] statements) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(',', statements) + "]}";
}
