using Amazon.SecurityToken.Model;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Composition;
using static TokenBroker.Host.Tests.EndToEnd.DirectoryVersionBrokerFixture;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>
/// One request, one directory version: under concurrent AssumeRole calls while the directory flips between two
/// versions, nothing is granted that neither version allows, and nothing both versions allow is refused.
/// </summary>
public sealed class DirectoryVersionTests(DirectoryVersionBrokerFixture broker) : IClassFixture<DirectoryVersionBrokerFixture>
{
    private const int Workers = 6;
    private const int Applies = 16;

    [Fact]
    public async Task AssumeRole_DirectoryFlippingUnderLoad_NeverMixesTwoVersions()
    {
        broker.SyncClock();

        // Applied by a second store instance over the same data, as `tokenbroker directory apply` does.
        using var cli = await BrokerStores.OpenAsync(broker.Services.GetRequiredService<BrokerSettings>().Stores, TimeProvider.System, CancellationToken.None);
        var store = cli.Directory;

        // P alone first, D half a second later: a cache keyed per record would now expire the two at different moments.
        using (var allowOnly = broker.Client(AllowOnlyKey.AccessKeyId.Value, AllowOnlyKey.SecretAccessKey))
        {
            await allowOnly.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = "warm" }, CancellationToken.None);
        }

        broker.Time.Advance(TimeSpan.FromMilliseconds(500));
        using var done = new CancellationTokenSource();

        // The broker's clock moves in 50 ms steps, so pointer reads and cache expiries land at unrelated moments.
        var clock = Task.Run(async () =>
        {
            while (!done.IsCancellationRequested)
            {
                broker.Time.Advance(TimeSpan.FromMilliseconds(50));
                await Task.Delay(10, CancellationToken.None);
            }
        });
        var applies = Task.Run(async () =>
        {
            try
            {
                for (var i = 0; i < Applies; i++)
                {
                    await store.ReplaceAsync(i % 2 == 0 ? VersionB() : VersionA(), CancellationToken.None);
                    await Task.Delay(40, CancellationToken.None);
                }
            }
            finally
            {
                await done.CancelAsync();
            }
        });
        var bystanders = new[] { AllowOnlyKey, DenyOnlyKey }.Select(key => Task.Run(() => LoadPolicyAsync(key, done.Token))).ToArray();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(() => CallUntilAsync(worker, done.Token))));
        await Task.WhenAll(bystanders);
        await applies;
        await clock;

        var secretGranted = outcomes.Sum(o => o.SecretGranted);
        var targetRefused = outcomes.Sum(o => o.TargetRefused);
        Assert.True(outcomes.Sum(o => o.Calls) > Applies * 4, "the load must overlap the applies");
        Assert.Equal((0, 0), (secretGranted, targetRefused));
    }

    private async Task<Outcome> CallUntilAsync(int worker, CancellationToken stop)
    {
        using var client = broker.Client(MixerKey.AccessKeyId.Value, MixerKey.SecretAccessKey);
        var outcome = new Outcome();
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var secret = (i + worker) % 2 == 0;
            outcome.Calls++;
            try
            {
                await client.AssumeRoleAsync(new AssumeRoleRequest
                {
                    RoleArn = secret ? SecretArn : TargetArn,
                    RoleSessionName = "w" + worker,
                }, CancellationToken.None);
                outcome.SecretGranted += secret ? 1 : 0;
            }
            catch (Amazon.SecurityToken.AmazonSecurityTokenServiceException exception) when (exception.ErrorCode == "AccessDenied")
            {
                outcome.TargetRefused += secret ? 0 : 1;
            }
        }

        return outcome;
    }

    private async Task LoadPolicyAsync(Core.Model.AccessKey key, CancellationToken stop)
    {
        using var client = broker.Client(key.AccessKeyId.Value, key.SecretAccessKey);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await client.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = TargetArn, RoleSessionName = key.UserName }, CancellationToken.None);
            }
            catch (Amazon.SecurityToken.AmazonSecurityTokenServiceException exception) when (exception.ErrorCode == "AccessDenied")
            {
                // deny-only is never allowed; its calls are here only to load D.
            }

            await Task.Delay(Random.Shared.Next(5, 40), CancellationToken.None);
        }
    }

    private sealed class Outcome
    {
        public int Calls { get; set; }

        public int SecretGranted { get; set; }

        public int TargetRefused { get; set; }
    }
}
