using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>
/// The directory of the data-plane tests: service "orders" owned by account B (222222222222) with routes, a resource
/// policy that shares order/shared-* with account A, one naming user bruno directly, and a proxy key; principals in both
/// accounts whose identity policies, boundary and session policies are cut to test one rule each.
/// </summary>
public static class DataPlaneDirectory
{
    public static readonly AccountId AccountA = AccountId.Parse("111111111111");
    public static readonly AccountId AccountB = AccountId.Parse("222222222222");
    public const string ProxyKeyId = "edge-1";
    public const string ProxyKeySecret = "edge-1-secret-000000000000000000000000";
    public const string ProxyKeyHeader = ProxyKeyId + ":" + ProxyKeySecret;

    public static readonly AccessKey Bella = Key(AccountB, "bella");
    public static readonly AccessKey Bruno = Key(AccountB, "bruno");
    public static readonly AccessKey Gateway = Key(AccountB, "gateway");
    public static readonly AccessKey Alan = Key(AccountA, "alan");
    public static readonly AccessKey Anna = Key(AccountA, "anna");

    public const string ReaderRole = "arn:aws:iam::222222222222:role/order-reader";

    public static DirectorySnapshot Snapshot() => new(
    [
        new AccountSnapshot(AccountA,
            [User(AccountA, "alan", "AIDAALAN000000000001", Allow("orders:GetOrder", "*")), User(AccountA, "anna", "AIDAANNA000000000001")],
            [Alan, Anna], [], [], [], [], [], []),
        new AccountSnapshot(AccountB,
            [
                User(AccountB, "bella", "AIDABELLA00000000001",
                    Allow("orders:GetOrder", "arn:aws:orders:*:222222222222:order/*"), Allow("orders:ListOrders", "*"), Allow("orders:DeleteOrder", "*"),
                    Statement("Deny", "orders:DeleteOrder", "arn:aws:orders:*:222222222222:order/locked-*"),
                    Allow("sts:AssumeRole", "*"), Allow("sts:DecodeAuthorizationMessage", "*"),
                    Condition("orders:CreateOrder", "{\"StringEquals\":{\"orders:Priority\":\"low\"},\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}")),
                User(AccountB, "bruno", "AIDABRUNO00000000001"),
                User(AccountB, "gateway", "AIDAGATEWAY000000001", Allow("tokenbroker:AuthorizeRequest", "arn:aws:tokenbroker::222222222222:service/orders")),
            ],
            [Bella, Bruno, Gateway], [], [],
            [new ManagedPolicy(AccountB, "ReadOnlyBoundary", "ANPABOUNDARY00000001", "/", Document(Allow("orders:Get*", "*"), Allow("orders:List*", "*")))],
            [
                new IamRole(AccountB, "order-reader", "AROAORDERREADER00001", "/",
                    Document("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:root\"},\"Action\":\"sts:AssumeRole\"}"),
                    [new InlinePolicy("all", Document(Allow("orders:*", "*"), Allow("sts:DecodeAuthorizationMessage", "*")))], [], 3600,
                    "arn:aws:iam::222222222222:policy/ReadOnlyBoundary", [new Tag("team", "fulfilment")]),
            ],
            [], []),
    ]) { Services = [Orders()] };

    public static ServiceCatalog Orders() => new(
        "orders",
        AccountB,
        [
            new ServiceAction("GetOrder", AccessLevel.Read, ["order"], []),
            new ServiceAction("ListOrders", AccessLevel.List, [], []),
            new ServiceAction("CreateOrder", AccessLevel.Write, [], ["orders:Priority"]),
            new ServiceAction("DeleteOrder", AccessLevel.Write, ["order"], []),
        ],
        [new ServiceResourceType("order", "arn:aws:orders:${Region}:${Account}:order/${OrderId}")],
        [
            new ServiceRoute("GET", "/orders/{OrderId}", "GetOrder", "order"),
            new ServiceRoute("GET", "/orders", "ListOrders", null),
            new ServiceRoute("POST", "/orders", "CreateOrder", null),
            new ServiceRoute("DELETE", "/orders/{OrderId}", "DeleteOrder", "order"),
        ],
        [
            new ServiceResourcePolicy("arn:aws:orders:*:222222222222:order/shared-*",
                Document("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111111111111:root\"},\"Action\":\"orders:GetOrder\",\"Resource\":\"*\"}")),
            new ServiceResourcePolicy("arn:aws:orders:*:222222222222:order/bruno-*",
                Document("{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::222222222222:user/bruno\"},\"Action\":\"orders:GetOrder\",\"Resource\":\"*\"}")),
        ],
        [ProxyKey.FromSecret(ProxyKeyId, ProxyKeySecret)]);

    private static AccessKey Key(AccountId account, string user) =>
        new(Identifiers.NewLongTermAccessKeyId(account), account, user, user + "-secret-" + new string('0', 30), AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    private static IamUser User(AccountId account, string name, string id, params string[] statements) =>
        new(account, name, id, "/", statements.Length == 0 ? [] : [new InlinePolicy("inline", Document(statements))], [], [], null, [new Tag("dept", name)]);

    private static string Allow(string action, string resource) => Statement("Allow", action, resource);

    private static string Condition(string action, string condition) =>
        $"{{\"Effect\":\"Allow\",\"Action\":\"{action}\",\"Resource\":\"*\",\"Condition\":{condition}}}";

    private static string Statement(string effect, string action, string resource) =>
        $"{{\"Sid\":\"{effect}{new string(action.Where(char.IsAsciiLetterOrDigit).ToArray())}\",\"Effect\":\"{effect}\",\"Action\":\"{action}\",\"Resource\":\"{resource}\"}}";

    private static string Document(params string[] statements) =>
        "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(',', statements) + "]}";
}
