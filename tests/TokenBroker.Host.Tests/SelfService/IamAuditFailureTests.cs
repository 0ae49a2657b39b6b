using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenBroker.Host.Tests.Logging;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.SelfService;

/// <summary>
/// An IAM write whose answer is shown once, while the audit log cannot be written (a trigger on the real SQLite table
/// refuses every insert): the caller gets ServiceUnavailable without the secret or seed, and what the write created is
/// removed again, so nothing unusable is left (docs/iam.md, "Audit"). Not named *Interop*: it breaks the SQLite
/// audit table, so test.sh's DynamoDB pass leaves it out (the compensation's DynamoDB tests are DynamoDbIamWriteCompensationTests).
/// </summary>
public class IamAuditFailureTests(SelfServiceBrokerFixture broker) : IClassFixture<SelfServiceBrokerFixture>
{
    [Fact]
    public async Task AwsCli_CreateAccessKeyWhileAuditFails_ServiceUnavailableAndTheKeyIsRemovedAgain()
    {
        var before = await AccessKeyIdsAsync("rotator");
        Assert.Single(before);

        await using (await BrokenAuditLog.BreakAsync(broker.DataFolder))
        {
            var (exit, stdout, stderr) = await broker.AwsAsync(NoRetries(SelfServiceBrokerFixture.Admin), "iam", "create-access-key", "--user-name", "rotator");

            Assert.NotEqual(0, exit);
            Assert.Contains("ServiceUnavailable", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("SecretAccessKey", stdout, StringComparison.Ordinal);
        }

        Assert.Equal(before, await AccessKeyIdsAsync("rotator"));
        // The unusable key does not count toward the two: the next create is not LimitExceeded.
        var again = await broker.AwsAsync(SelfServiceBrokerFixture.Admin, "iam", "create-access-key", "--user-name", "rotator");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Equal(2, (await AccessKeyIdsAsync("rotator")).Count);
    }

    [Fact]
    public async Task AwsCli_CreateAccessKeyWhileAuditAndTheUndoFail_ServiceUnavailableAndTheOperatorIsToldWhichKeyToDelete()
    {
        var logs = new CapturingLoggerProvider();
        broker.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        var before = await AccessKeyIdsAsync("prober");

        // The create's directory write goes through; every later one (the undo and its retries) fails, as a disk
        // that fills up between two writes would.
        await EmbeddedDatabase.ExecuteAsync(broker.DataFolder,
            """
            CREATE TABLE test_directory_writes (n INTEGER NOT NULL);
            INSERT INTO test_directory_writes VALUES (0);
            CREATE TRIGGER test_second_directory_write_fails BEFORE UPDATE ON directory_version BEGIN
                UPDATE test_directory_writes SET n = n + 1;
                SELECT RAISE(ABORT, 'disk full') WHERE (SELECT n FROM test_directory_writes) > 1;
            END;
            """);
        try
        {
            await using (await BrokenAuditLog.BreakAsync(broker.DataFolder))
            {
                var (exit, stdout, stderr) = await broker.AwsAsync(NoRetries(SelfServiceBrokerFixture.Admin), "iam", "create-access-key", "--user-name", "prober");

                Assert.NotEqual(0, exit);
                Assert.Contains("ServiceUnavailable", stderr, StringComparison.Ordinal);
                Assert.DoesNotContain("SecretAccessKey", stdout, StringComparison.Ordinal);
            }
        }
        finally
        {
            await EmbeddedDatabase.ExecuteAsync(broker.DataFolder,
                "DROP TRIGGER test_second_directory_write_fails; DROP TABLE test_directory_writes;");
        }

        // The key could not be removed, so it is still there, and the error log names it for the operator: its id and
        // the request, nothing else (the secret is never handed to a logger).
        var left = Assert.Single((await AccessKeyIdsAsync("prober")).Except(before));
        CapturedLogEntry[] entries;
        lock (logs.Entries)
        {
            entries = [.. logs.Entries];
        }

        var error = Assert.Single(entries, e => e.Message.Contains("could not be removed", StringComparison.Ordinal));
        Assert.Contains(left, error.Message, StringComparison.Ordinal);
        Assert.Equal(["Created", "RequestId", "{OriginalFormat}"], error.Values.Keys.Order(StringComparer.Ordinal));
        Assert.Contains(left, error.Values["Created"]?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCli_CreateVirtualMfaDeviceWhileAuditFails_ServiceUnavailableAndTheNameIsFreeAgain()
    {
        var before = await VirtualMfaSerialsAsync();

        await using (await BrokenAuditLog.BreakAsync(broker.DataFolder))
        {
            var (exit, stdout, stderr) = await broker.AwsAsync(NoRetries(SelfServiceBrokerFixture.Admin), "iam", "create-virtual-mfa-device",
                "--virtual-mfa-device-name", "unaudited", "--outfile", "/dev/null", "--bootstrap-method", "Base32StringSeed");

            Assert.NotEqual(0, exit);
            Assert.Contains("ServiceUnavailable", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("Base32StringSeed", stdout, StringComparison.Ordinal);
        }

        Assert.Equal(before, await VirtualMfaSerialsAsync());
        // Not EntityAlreadyExists: the device whose seed nobody received is gone.
        var again = await broker.AwsAsync(SelfServiceBrokerFixture.Admin, "iam", "create-virtual-mfa-device",
            "--virtual-mfa-device-name", "unaudited", "--outfile", "/dev/null", "--bootstrap-method", "Base32StringSeed");
        Assert.True(again.ExitCode == 0, again.Stderr);
        Assert.Contains($"arn:aws:iam::{SelfServiceBrokerFixture.Account}:mfa/unaudited", await VirtualMfaSerialsAsync());
    }

    // The CLI retries a 503 by itself; one attempt shows the broker's answer to exactly one request.
    private static Dictionary<string, string> NoRetries(Dictionary<string, string> credentials) =>
        new(credentials) { ["AWS_MAX_ATTEMPTS"] = "1", ["AWS_RETRY_MODE"] = "standard" };

    private async Task<List<string>> AccessKeyIdsAsync(string userName)
    {
        var (exit, stdout, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Admin, "iam", "list-access-keys", "--user-name", userName);
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.GetProperty("AccessKeyMetadata").EnumerateArray().Select(k => k.GetProperty("AccessKeyId").GetString()!).Order(StringComparer.Ordinal)];
    }

    private async Task<List<string>> VirtualMfaSerialsAsync()
    {
        var (exit, stdout, stderr) = await broker.AwsAsync(SelfServiceBrokerFixture.Admin, "iam", "list-virtual-mfa-devices");
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        return [.. json.RootElement.GetProperty("VirtualMFADevices").EnumerateArray().Select(d => d.GetProperty("SerialNumber").GetString()!).Order(StringComparer.Ordinal)];
    }
}
