using TokenBroker.Host.Tests.Interop;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Iam;

/// <summary>
/// A broker whose directory was made by <c>tokenbroker directory apply</c> of Iam/iam-directory.yaml (the CLI binary
/// the solution build produced, run as a process), on SQLite or, with TOKENBROKER_TEST_STORE=dynamodb, on DynamoDB
/// Local and moto's KMS. TOKENBROKER_PUBLIC_URL names the broker's own address, for the outbound federation actions.
/// </summary>
public sealed class IamBrokerFixture() : DirectoryFileBrokerFixture("tokenbroker-iam-", DirectoryFile)
{
    public const string Account = "111111111111";
    public const string OtherAccount = "222222222222";

    /// <summary>The broker's configured region (STS requests must sign for it).</summary>
    public const string Region = "eu-west-1";

    public static readonly Dictionary<string, string> Admin = ExternalClient.Credentials("AKIAIAMADMIN00000001", "admin-secret-0000000000000000000000000000");
    public static readonly Dictionary<string, string> Auditor = ExternalClient.Credentials("AKIAIAMAUDITOR000001", "auditor-secret-00000000000000000000000000");
    public static readonly Dictionary<string, string> Nobody = ExternalClient.Credentials("AKIAIAMNOBODY0000001", "nobody-secret-000000000000000000000000000");
    public static readonly Dictionary<string, string> SelfReader = ExternalClient.Credentials("AKIAIAMSELFREADER001", "self-reader-secret-0000000000000000000000");
    public static readonly Dictionary<string, string> Zed = ExternalClient.Credentials("AKIAIAMZED0000000001", "zed-secret-000000000000000000000000000000");

    /// <summary>The directory file the broker's directory was applied from.</summary>
    public static string DirectoryFile => Repository.File("tests", "TokenBroker.Host.Tests", "Iam", "iam-directory.yaml");

    /// <summary>The issuer of an account's outbound web identity tokens.</summary>
    public string IssuerOf(string account) => $"http://127.0.0.1:{Port}/oidc/{account}";

    /// <summary>Runs <c>aws iam ARGS --endpoint-url … --output json</c> with the credentials.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> AwsIamAsync(Dictionary<string, string> credentials, params string[] arguments) =>
        AwsAsync(credentials, ["iam", .. arguments]);

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("TOKENBROKER_PUBLIC_URL", $"http://127.0.0.1:{Port}"),
        // The broker's own region; IAM requests may also sign for us-east-1, IAM's global signing region.
        new("TOKENBROKER_REGIONS", Region),
    ];
}
