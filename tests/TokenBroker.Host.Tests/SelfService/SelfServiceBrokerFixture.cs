using TokenBroker.Host.Tests.Interop;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// A broker whose directory was made by <c>tokenbroker directory apply</c> of SelfService/self-service-directory.yaml,
/// on SQLite or (TOKENBROKER_TEST_STORE=dynamodb) on DynamoDB Local and moto's KMS, for the aws CLI and boto3.
/// </summary>
public sealed class SelfServiceBrokerFixture()
    : DirectoryFileBrokerFixture("tokenbroker-self-", Repository.File("tests", "TokenBroker.Host.Tests", "SelfService", "self-service-directory.yaml"))
{
    public const string Account = "111111111111";

    public static readonly Dictionary<string, string> Admin = ExternalClient.Credentials("AKIASELFADMIN0000001", "admin-secret-0000000000000000000000000000");
    public static readonly Dictionary<string, string> Rotator = ExternalClient.Credentials("AKIASELFROTATOR00001", "rotator-secret-00000000000000000000000000");
    public static readonly Dictionary<string, string> Crowded = ExternalClient.Credentials("AKIASELFCROWDED00001", "crowded-secret-00000000000000000000000000");
    public static readonly Dictionary<string, string> Prober = ExternalClient.Credentials("AKIASELFPROBER000001", "prober-secret-000000000000000000000000000");
    public static readonly Dictionary<string, string> PhoneUser = ExternalClient.Credentials("AKIASELFPHONEUSER001", "phone-user-secret-0000000000000000000000000");
    public static readonly Dictionary<string, string> Reporter = ExternalClient.Credentials("AKIASELFREPORTER0001", "reporter-secret-0000000000000000000000000");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("TOKENBROKER_REGIONS", "us-east-1")];
}
