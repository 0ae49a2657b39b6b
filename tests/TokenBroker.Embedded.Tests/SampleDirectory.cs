using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using TokenBroker.Core.Model;

namespace TokenBroker.Embedded.Tests;

/// <summary>A directory with at least one of every record, and a stable text form to compare snapshots by value.</summary>
public static class SampleDirectory
{
    public const string AliceSecret = "wJalrXUtnFEMIxK7MDENGxbPxRfiCYzzSECRET01";
    public const string BobSecret = "je7MtGbClwBF2Zp9Utk4h3yCo8nvbEXAMPLEKEY2";
    public const string AliceSerial = "arn:aws:iam::111111111111:mfa/alice";
    public static readonly AccountId First = AccountId.Parse("111111111111");
    public static readonly AccountId Second = AccountId.Parse("222222222222");
    public static readonly AccessKeyId AliceKey = AccessKeyId.Parse("AKIAALICE0000000001");
    public static readonly AccessKeyId BobKey = AccessKeyId.Parse("AKIABOB00000000000001");
    public static readonly byte[] AliceSeed = Encoding.ASCII.GetBytes("12345678901234567890");
    public static readonly Arn OktaArn = Arn.SamlProvider(First, "Okta");
    public static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Stand-ins for PKCS#8 keys: the stores treat key bytes as opaque secrets, and random bytes are easy to grep for.</summary>
    public static readonly SamlPrivateKey LegacyKey = new("0123456789ABCDEF0123456789ABCDEF", Created, RandomNumberGenerator.GetBytes(600));
    public static readonly SamlPrivateKey LegacyNextKey = new("FEDCBA9876543210FEDCBA9876543210", Created.AddDays(30), RandomNumberGenerator.GetBytes(600));

    public const string AllowAll = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";
    public const string TrustFirst = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole","Condition":{"StringEquals":{"sts:ExternalId":"x-1"}}}]}""";

    public static DirectorySnapshot Create() => new([FirstAccount(), SecondAccount()]);

    public static AccountSnapshot FirstAccount() => new(
        First,
        [
            new IamUser(First, "alice", "AIDAALICE000000000001", "/engineering/", [new InlinePolicy("inline1", AllowAll)],
                ["arn:aws:iam::111111111111:policy/ReadOnly"], ["developers"], "arn:aws:iam::111111111111:policy/Boundary",
                [new Tag("team", "platform")]),
        ],
        [new AccessKey(AliceKey, First, "alice", AliceSecret, AccessKeyStatus.Active, Created)],
        [new MfaDevice(AliceSerial, First, "alice", AliceSeed)],
        [new IamGroup(First, "developers", "AGPADEVELOPERS0000001", "/", [new InlinePolicy("g1", AllowAll)], ["arn:aws:iam::111111111111:policy/ReadOnly"])],
        [
            new ManagedPolicy(First, "ReadOnly", "ANPAREADONLY000000001", "/", AllowAll),
            new ManagedPolicy(First, "Boundary", "ANPABOUNDARY000000001", "/limits/", AllowAll),
        ],
        [],
        [
            new SamlProvider(First, "Okta", "http://www.okta.com/exk1", [[0x30, 0x82, 0x01], [0x30, 0x82, 0x02]]),
            new SamlProvider(First, "Legacy", "https://adfs.example.com/adfs/services/trust", [[0x30, 0x03]], AllowSha1: true)
            {
                AssertionEncryptionMode = AssertionEncryptionMode.Required,
                PrivateKeyList = [LegacyKey, LegacyNextKey],
            },
        ],
        [
            OidcProvider.Create(First, "https://token.actions.githubusercontent.com", ["sts.amazonaws.com"], ["6938fd4d98bab03faadb97b34396831e3780aea1"]),
            OidcProvider.Create(First, "http://127.0.0.1:8080/tenant", ["app-1", "app-2"], [], new SortedSet<string>(["ES256", "RS256"], StringComparer.Ordinal),
                allowHttpLoopback: true),
        ],
        OutboundWebIdentityFederation: true);

    public static AccountSnapshot SecondAccount() => new(
        Second,
        [new IamUser(Second, "bob", "AIDABOB00000000000001", "/", [], [], [], null, [])],
        [new AccessKey(BobKey, Second, "bob", BobSecret, AccessKeyStatus.Inactive, Created)],
        [],
        [],
        [],
        [
            new IamRole(Second, "deploy", "AROADEPLOY00000000001", "/ci/", TrustFirst, [new InlinePolicy("r1", AllowAll)], [], 7200,
                null, [new Tag("env", "prod")]),
        ],
        [],
        []);

    /// <summary>Records hold lists and byte arrays, which compare by reference; compare their JSON instead.</summary>
    public static string Text(object? value) => JsonSerializer.Serialize(value);
}
