using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>
/// The MFA lockout through the real AWS SDK over HTTP, with the defaults (5 failures, 900 s): a device that took too
/// many wrong codes refuses the right one on every instance until the lock ends (docs/security.md, "MFA lockout").
/// </summary>
public class MfaLockoutTests(MfaLockoutBrokerFixture broker) : IClassFixture<MfaLockoutBrokerFixture>
{
    private const int MaxFailures = 5;
    private const string InvalidCode = "MultiFactorAuthentication failed with invalid MFA one time pass code.";
    private static readonly TimeSpan Lockout = TimeSpan.FromSeconds(900);

    [Fact]
    public async Task GetSessionToken_WrongCodesUpToTheMaximum_RefuseTheCorrectCodeUntilTheLockEnds()
    {
        using var alice = broker.Client(TestDirectory.AliceKey.AccessKeyId.Value, TestDirectory.AliceKey.SecretAccessKey);
        var wrong = WrongCodes(TestDirectory.AliceMfaSeed, MaxFailures);

        foreach (var code in wrong)
        {
            AssertInvalidCode(await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => alice.GetSessionTokenAsync(Request(code))));
        }

        var whileLocked = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            alice.GetSessionTokenAsync(Request(Code(TestDirectory.AliceMfaSeed))));
        broker.Time.Advance(Lockout);
        var afterwards = await alice.GetSessionTokenAsync(Request(Code(TestDirectory.AliceMfaSeed)));

        AssertInvalidCode(whileLocked);
        Assert.StartsWith("ASIA", afterwards.Credentials.AccessKeyId, StringComparison.Ordinal);
        var locked = Assert.Single(await AuditAsync(MfaActions.DeviceLocked, TestDirectory.AliceMfaSerial));
        Assert.Equal("arn:aws:iam::111111111111:user/alice", locked.CallerArn);
        Assert.Equal(whileLocked.RequestId, Assert.Single(await AuditAsync(MfaActions.RefusedWhileLocked, TestDirectory.AliceMfaSerial)).RequestId);
    }

    [Fact]
    public async Task MfaGuessing_ConcurrentWrongCodesOverTwoInstances_LockTheDeviceOnBoth()
    {
        await using var other = await broker.StartInstanceAsync();
        using var carol = Client(broker.Endpoint);
        using var carolOnOther = Client(BrokerFixture.AddressOf(other));
        var guesses = WrongCodes(TestDirectory.CarolMfaSeed, 16);

        var refusals = await Task.WhenAll(guesses.Select((code, i) => Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            (i % 2 == 0 ? carol : carolOnOther).AssumeRoleAsync(CrossAccount(code)))));
        var correctOnFirst = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            carol.AssumeRoleAsync(CrossAccount(Code(TestDirectory.CarolMfaSeed))));
        broker.Time.Advance(TimeSpan.FromSeconds(30));
        var correctOnOther = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            carolOnOther.AssumeRoleAsync(CrossAccount(Code(TestDirectory.CarolMfaSeed))));
        broker.Time.Advance(Lockout);
        var afterwards = await carolOnOther.AssumeRoleAsync(CrossAccount(Code(TestDirectory.CarolMfaSeed)));

        Assert.All(refusals, AssertInvalidCode);
        AssertInvalidCode(correctOnFirst);
        AssertInvalidCode(correctOnOther);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/cross-account/mfa", afterwards.AssumedRoleUser.Arn);
        Assert.Equal(MaxFailures, (await AuditAsync(MfaActions.CodeRejected, TestDirectory.CarolMfaSerial)).Count);
        Assert.Single(await AuditAsync(MfaActions.DeviceLocked, TestDirectory.CarolMfaSerial));
    }

    private AmazonSecurityTokenServiceClient Client(Uri endpoint) => new(
        new BasicAWSCredentials(TestDirectory.CarolKey.AccessKeyId.Value, TestDirectory.CarolKey.SecretAccessKey),
        new AmazonSecurityTokenServiceConfig { ServiceURL = endpoint.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static GetSessionTokenRequest Request(string code) =>
        new() { DurationSeconds = 900, SerialNumber = TestDirectory.AliceMfaSerial, TokenCode = code };

    private static AssumeRoleRequest CrossAccount(string code) => new()
    {
        RoleArn = "arn:aws:iam::111111111111:role/cross-account",
        RoleSessionName = "mfa",
        ExternalId = "ext-123",
        SerialNumber = TestDirectory.CarolMfaSerial,
        TokenCode = code,
    };

    private string Code(byte[] seed) => new Totp(seed).ComputeTotp(broker.Time.GetUtcNow().UtcDateTime);

    // Codes none of which the broker accepts now: not the code of the current step or of either neighbour.
    private List<string> WrongCodes(byte[] seed, int count)
    {
        var now = broker.Time.GetUtcNow().UtcDateTime;
        var totp = new Totp(seed);
        var accepted = new[] { -30, 0, 30 }.Select(s => totp.ComputeTotp(now.AddSeconds(s))).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 1_000_000).Select(n => ((n * 7919) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Where(code => !accepted.Contains(code)).Take(count).ToList();
    }

    private async Task<List<AuditRecord>> AuditAsync(string action, string serialNumber)
    {
        var log = broker.Services.GetRequiredService<IAuditLog>();
        var records = await log.QueryAsync(new AuditQuery(null, action, 1000), CancellationToken.None);
        return records.Where(r => r.MfaSerialNumber == serialNumber).ToList();
    }

    private static void AssertInvalidCode(AmazonSecurityTokenServiceException error)
    {
        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
        Assert.Equal(InvalidCode, error.Message);
    }
}
