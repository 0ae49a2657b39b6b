using System.Text.Json.Nodes;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Ports;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

/// <summary>
/// A warm session's effective policies are kept per directory version: once a new directory takes the role's
/// permission away, the same credentials are denied, however many decisions the old version answered first.
/// </summary>
public sealed class DirectoryChangeDecisionTests : IAsyncLifetime
{
    private readonly DataPlaneBrokerFixture _broker = new();

    public Task InitializeAsync() => _broker.InitializeAsync();

    public Task DisposeAsync() => _broker.DisposeAsync();

    [Fact]
    public async Task Authorize_RolePolicyRemovedByNewDirectory_SameSessionDenied()
    {
        var credentials = await AssumeReaderAsync();
        var before = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            before.Add(await DecisionAsync(credentials));
        }

        var snapshot = Snapshot();
        var withoutPolicies = snapshot with { Accounts = [.. snapshot.Accounts.Select(account => account with
        {
            Roles = [.. account.Roles.Select(role => role.RoleName == "order-reader" ? role with { Policies = [], ManagedPolicyArns = [] } : role)],
        })] };
        var directory = _broker.Services.GetRequiredService<IDirectory>();
        await directory.ReplaceAsync(withoutPolicies, null, CancellationToken.None);
        _broker.Time.Advance(TimeSpan.FromMinutes(1));

        var after = await DecisionAsync(credentials);

        Assert.Equal(["Allow", "Allow", "Allow"], before);
        Assert.Equal("Deny", after);
    }

    private async Task<Credentials> AssumeReaderAsync()
    {
        _broker.SyncClock();
        using var bella = _broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);
        return (await bella.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = ReaderRole, RoleSessionName = "reader" })).Credentials;
    }

    private async Task<string> DecisionAsync(Credentials credentials)
    {
        const string url = "https://api.example.com/orders/42";
        var payload = DataPlaneBrokerFixture.Forwarded("GET", url, SdkRequestSigner.Sign(
            "GET", new Uri(url), "orders", credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, region: "us-east-1"));
        var (status, body) = await _broker.AuthorizeAsync(payload);
        Assert.Equal(200, status);
        return body.GetProperty("decision").GetString()!;
    }
}
