using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.AccessAdvisor;

/// <summary>
/// The valid directory the access advisor tests start from: account 111111111111 with service "orders"; alice (sts and
/// orders reads, s3:GetObject) in group devs with bob; group devs allows sts:AssumeRole; managed policy Shared attached
/// to bob directly, to group ops (carol) and to role deployer (whose own policy allows orders:*).
/// </summary>
public static class AdvisorDirectory
{
    public static readonly AccountId Account = AccountId.Parse("111111111111");
    public const string Alice = "arn:aws:iam::111111111111:user/alice";
    public const string Bob = "arn:aws:iam::111111111111:user/team/bob";
    public const string Carol = "arn:aws:iam::111111111111:user/carol";
    public const string Devs = "arn:aws:iam::111111111111:group/devs";
    public const string Deployer = "arn:aws:iam::111111111111:role/deployer";
    public const string Shared = "arn:aws:iam::111111111111:policy/Shared";

    public static DirectoryView View(
        string aliceDocument = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sts:GetCallerIdentity","orders:Get*","s3:GetObject"],"Resource":"*"}]}""")
    {
        var snapshot = new DirectorySnapshot(
        [
            new AccountSnapshot(Account,
                [
                    new IamUser(Account, "alice", "AIDAALICE00000000001", "/", [new InlinePolicy("own", aliceDocument)], [], ["devs"], null, []),
                    new IamUser(Account, "bob", "AIDABOB0000000000001", "/team/", [], [Shared], ["devs"], null, []),
                    new IamUser(Account, "carol", "AIDACAROL00000000001", "/", [], [], ["ops"], null, []),
                ],
                [],
                [],
                [
                    new IamGroup(Account, "devs", "AGPADEVS000000000001", "/", [new InlinePolicy("assume", Allow("sts:AssumeRole"))], []),
                    new IamGroup(Account, "ops", "AGPAOPS0000000000001", "/", [], [Shared]),
                ],
                [new ManagedPolicy(Account, "Shared", "ANPASHARED0000000001", "/", Allow("orders:ListOrders"))],
                [
                    new IamRole(Account, "deployer", "AROADEPLOYER00000001", "/", "{}", [new InlinePolicy("all", Allow("orders:*"))], [Shared], 3600, null, []),
                ],
                [], []),
        ]) { Services = [Orders()] };
        return new DirectoryView("v1", snapshot);
    }

    public static ServiceCatalog Orders() => new(
        "orders",
        Account,
        [
            new ServiceAction("GetOrder", AccessLevel.Read, [], []),
            new ServiceAction("ListOrders", AccessLevel.List, [], []),
            new ServiceAction("CreateOrder", AccessLevel.Write, [], []),
        ],
        [], [], [], []);

    public static string Allow(string action) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";
}
