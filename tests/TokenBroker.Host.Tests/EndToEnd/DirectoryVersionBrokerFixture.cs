using TokenBroker.Core.Model;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>
/// A broker over two directory versions whose union allows what neither allows alone (issue 18): in version A policy P
/// allows sts:AssumeRole on every role and policy D denies role/secret; in version B P allows only role/target and D
/// denies role/nothing. A request that took P from A and D from B would be granted role/secret.
/// </summary>
public sealed class DirectoryVersionBrokerFixture : BrokerFixture
{
    public static readonly AccountId Account = AccountId.Parse("333333333333");

    public static readonly AccessKey MixerKey = new(Identifiers.NewLongTermAccessKeyId(Account), Account, "mixer",
        "mixer-secret-0000000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    // Callers with only P or only D: their requests load P or D at their own moments, so a per-record cache would
    // hold the two policies with unrelated expiries, as the fault-injection test found.
    public static readonly AccessKey AllowOnlyKey = new(Identifiers.NewLongTermAccessKeyId(Account), Account, "allow-only",
        "allow-only-secret-000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    public static readonly AccessKey DenyOnlyKey = new(Identifiers.NewLongTermAccessKeyId(Account), Account, "deny-only",
        "deny-only-secret-0000000000000000000000000", AccessKeyStatus.Active, DateTimeOffset.UnixEpoch);

    public const string TargetArn = "arn:aws:iam::333333333333:role/target";
    public const string SecretArn = "arn:aws:iam::333333333333:role/secret";

    public static DirectorySnapshot VersionA() => Version("arn:aws:iam::333333333333:role/*", SecretArn);

    public static DirectorySnapshot VersionB() => Version(TargetArn, "arn:aws:iam::333333333333:role/nothing");

    protected override DirectorySnapshot Snapshot() => VersionA();

    // A one-second pointer TTL (the default) with the test's clock moving in small steps: instances refresh at
    // unrelated moments, as a busy broker does. The workers' expected refusals, all from 127.0.0.1, would soon exceed
    // the per-address failure limit, which this test is not about: it is off here.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
        [new("TOKENBROKER_DIRECTORY_CACHE_SECONDS", "1"), new("TOKENBROKER_RATE_SOURCE_FAILURES", "0")];

    private static DirectorySnapshot Version(string allowedRoles, string deniedRole)
    {
        const string trust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::333333333333:root"},"Action":"sts:AssumeRole"}]}""";
        var allow = new ManagedPolicy(Account, "P", "ANPAMIXALLOW000000001", "/",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"{{allowedRoles}}"}]}""");
        var deny = new ManagedPolicy(Account, "D", "ANPAMIXDENY0000000001", "/",
            $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"sts:AssumeRole","Resource":"{{deniedRole}}"}]}""");
        IamUser User(string name, string id, params ManagedPolicy[] policies) =>
            new(Account, name, id, "/", [], [.. policies.Select(p => p.Arn.ToString())], [], null, []);
        IamRole Role(string name, string id) => new(Account, name, id, "/", trust, [], [], 3600, null, []);
        return new DirectorySnapshot(
        [
            new AccountSnapshot(Account,
                [User("mixer", "AIDAMIXER000000000001", allow, deny), User("allow-only", "AIDAMIXALLOWONLY00001", allow),
                    User("deny-only", "AIDAMIXDENYONLY000001", deny)],
                [MixerKey, AllowOnlyKey, DenyOnlyKey], [], [], [allow, deny],
                [Role("target", "AROAMIXTARGET00000001"), Role("secret", "AROAMIXSECRET00000001"), Role("nothing", "AROAMIXNOTHING0000001")],
                [], []),
        ]);
    }
}
