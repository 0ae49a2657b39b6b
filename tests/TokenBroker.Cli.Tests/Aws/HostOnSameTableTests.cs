using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Host;

namespace TokenBroker.Cli.Tests.Aws;

/// <summary>
/// The CLI and a real broker on a loopback port share one DynamoDB table and one pair of KMS keys, as the CLI and the
/// Lambda function do on AWS: what the CLI writes, the broker serves; what the broker audits, the CLI prints.
/// </summary>
public sealed class HostOnSameTableTests : IAsyncLifetime
{
    private CliFixture _cli = null!;
    private WebApplication? _host;

    public async Task InitializeAsync()
    {
        _cli = await CliFixture.ForDynamoDbAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }

        _cli.Dispose();
    }

    [Fact]
    public async Task GetCallerIdentity_KeyAppliedByCli_AcceptedByHostOnSameTable()
    {
        var (id, secret) = Assert.Single(_cli.Apply(DynamoDbCommandTests.AliceDirectory).PrintedKeys);
        using var sts = await StartHostAsync(new BasicAWSCredentials(id, secret));

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:iam::111111111111:user/alice", identity.Arn);
    }

    [Fact]
    public async Task GetCallerIdentity_AdminAddedByInit_AcceptedByHostOnSameTable()
    {
        var (id, secret) = Assert.Single(_cli.Init().PrintedKeys);
        using var sts = await StartHostAsync(new BasicAWSCredentials(id, secret));

        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:iam::111111111111:user/admin", identity.Arn);
    }

    [Fact]
    public async Task AuditThenRevoke_SessionIssuedByHost_PrintedThenRefused()
    {
        var (id, secret) = Assert.Single(_cli.Apply(DynamoDbCommandTests.AliceDirectory).PrintedKeys);
        using var alice = await StartHostAsync(new BasicAWSCredentials(id, secret));
        var session = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/demo", RoleSessionName = "cli-e2e" });
        using var assumed = Client(new SessionAWSCredentials(session.Credentials.AccessKeyId, session.Credentials.SecretAccessKey, session.Credentials.SessionToken));
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/demo/cli-e2e", (await assumed.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);

        var audit = _cli.Run("audit", "--action", "AssumeRole");
        _cli.Time.SetUtcNow(DateTimeOffset.UtcNow);
        var revoke = _cli.Run("revoke", "--session", session.Credentials.AccessKeyId);

        Assert.Equal(0, audit.ExitCode);
        var line = Assert.Single(audit.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"\"requestId\":\"{session.ResponseMetadata.RequestId}\"", line, StringComparison.Ordinal);
        Assert.Contains($"\"issuedAccessKeyId\":\"{session.Credentials.AccessKeyId}\"", line, StringComparison.Ordinal);
        Assert.Contains("\"roleArn\":\"arn:aws:iam::111111111111:role/demo\"", line, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Credentials.SecretAccessKey, audit.Output, StringComparison.Ordinal);
        Assert.Equal(0, revoke.ExitCode);
        var refused = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => assumed.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", refused.ErrorCode);
    }

    // The broker reads the CLI's settings (table, keys, endpoints) and checks revocations on every request.
    private async Task<AmazonSecurityTokenServiceClient> StartHostAsync(AWSCredentials credentials)
    {
        var settings = _cli.Settings.Append(new("TOKENBROKER_REVOCATION_CACHE_SECONDS", "0"));
        _host = await BrokerApp.BuildAsync(["--urls", "http://127.0.0.1:0"], configure: configuration => configuration.AddInMemoryCollection(settings));
        await _host.StartAsync();
        return Client(credentials);
    }

    private AmazonSecurityTokenServiceClient Client(AWSCredentials credentials) => new(credentials, new AmazonSecurityTokenServiceConfig
    {
        ServiceURL = _host!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/",
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
    });
}
