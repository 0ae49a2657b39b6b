using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Ports;

namespace TokenBroker.Embedded.Tests;

/// <summary>What every <see cref="IMfaAttemptStore"/> adapter must do; adapters derive and say how to open their store.</summary>
public abstract class MfaAttemptStoreContractTests : IDisposable
{
    protected static readonly CancellationToken None = CancellationToken.None;

    private const string Serial = "arn:aws:iam::111111111111:mfa/alice";

    private static readonly MfaLockoutPolicy Policy = MfaLockoutPolicy.Default;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, 250, TimeSpan.Zero));

    /// <summary>A new, empty store.</summary>
    protected abstract Task<IMfaAttemptStore> CreateStoreAsync();

    /// <summary>A second instance over the same data, as a second broker process opens it.</summary>
    protected abstract Task<IMfaAttemptStore> OpenAnotherAsync();

    /// <summary>Closes every instance and opens the data again, as after a restart.</summary>
    protected abstract Task<IMfaAttemptStore> RestartAsync();

    public abstract void Dispose();

    [Fact]
    public async Task AdmitAsync_FirstAttempt_AdmittedAndCounted()
    {
        var store = await CreateStoreAsync();

        var admission = await store.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None);

        Assert.Equal(new MfaAdmission(true, 1, null), admission);
    }

    [Fact]
    public async Task AdmitAsync_AttemptReachingMaximum_LocksDeviceForTheLockoutPeriod()
    {
        var store = await CreateStoreAsync();

        var admissions = await AdmitAsync(store, Policy.MaxFailures);

        Assert.All(admissions, a => Assert.True(a.Admitted));
        Assert.Equal([1, 2, 3, 4, 5], admissions.Select(a => a.Failures));
        Assert.Equal([false, false, false, false, true], admissions.Select(a => a.LockedDevice));
        Assert.Equal(Time.GetUtcNow() + Policy.LockoutDuration, admissions[^1].LockedUntil);
    }

    [Fact]
    public async Task AdmitAsync_WhileLocked_RefusedWithoutExtendingTheLock()
    {
        var store = await CreateStoreAsync();
        var lockedUntil = (await AdmitAsync(store, Policy.MaxFailures))[^1].LockedUntil;
        Time.Advance(Policy.LockoutDuration - TimeSpan.FromMilliseconds(1));

        var refused = await store.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None);

        Assert.False(refused.Admitted);
        Assert.False(refused.LockedDevice);
        Assert.Equal(lockedUntil, refused.LockedUntil);
    }

    [Fact]
    public async Task AdmitAsync_AfterLockEnds_StartsANewCount()
    {
        var store = await CreateStoreAsync();
        await AdmitAsync(store, Policy.MaxFailures);
        Time.Advance(Policy.LockoutDuration);

        var admission = await store.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None);

        Assert.Equal(new MfaAdmission(true, 1, null), admission);
    }

    [Fact]
    public async Task AdmitAsync_OtherDevice_CountedSeparately()
    {
        var store = await CreateStoreAsync();
        await AdmitAsync(store, Policy.MaxFailures);

        var other = await store.AdmitAsync("arn:aws:iam::111111111111:mfa/bob", Policy, Time.GetUtcNow(), None);
        var caseVariant = await store.AdmitAsync(Serial.ToUpperInvariant(), Policy, Time.GetUtcNow(), None);

        Assert.Equal(new MfaAdmission(true, 1, null), other);
        Assert.Equal(new MfaAdmission(true, 1, null), caseVariant);
    }

    [Fact]
    public async Task AdmitAsync_AttemptsOnTwoInstances_ShareOneCount()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();

        await AdmitAsync(first, 3);
        var fourth = await second.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None);
        var fifth = await first.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None);
        var sixth = await second.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None);

        Assert.Equal(4, fourth.Failures);
        Assert.True(fifth.LockedDevice);
        Assert.False(sixth.Admitted);
    }

    [Fact]
    public async Task AdmitAsync_LockAfterRestart_StillHolds()
    {
        var store = await CreateStoreAsync();
        await AdmitAsync(store, Policy.MaxFailures);

        var reopened = await RestartAsync();

        Assert.False((await reopened.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None)).Admitted);
    }

    [Fact]
    public async Task AdmitAsync_ConcurrentAttemptsOnTwoInstances_AdmitExactlyTheMaximum()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();
        var now = Time.GetUtcNow();

        var admissions = await Task.WhenAll(Enumerable.Range(0, 24)
            .Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AdmitAsync(Serial, Policy, now, None))));

        var admitted = admissions.Where(a => a.Admitted).ToList();
        Assert.Equal(Policy.MaxFailures, admitted.Count);
        Assert.Equal([1, 2, 3, 4, 5], admitted.Select(a => a.Failures).Order());
        Assert.Single(admissions, a => a.LockedDevice);
        Assert.All(admissions.Where(a => !a.Admitted), a => Assert.Equal(now + Policy.LockoutDuration, a.LockedUntil!.Value, TimeSpan.FromMilliseconds(1)));
    }

    [Fact]
    public async Task RecordSuccessAsync_Unlocked_ClearsTheCount()
    {
        var store = await CreateStoreAsync();
        await AdmitAsync(store, Policy.MaxFailures - 1);

        await store.RecordSuccessAsync(Serial, null, Time.GetUtcNow(), None);
        var afterwards = await AdmitAsync(store, Policy.MaxFailures);

        Assert.Equal([1, 2, 3, 4, 5], afterwards.Select(a => a.Failures));
        Assert.True(afterwards[^1].LockedDevice);
    }

    [Fact]
    public async Task RecordSuccessAsync_ByTheAttemptThatLocked_LiftsItsLock()
    {
        var store = await CreateStoreAsync();
        var locking = (await AdmitAsync(store, Policy.MaxFailures))[^1];

        await store.RecordSuccessAsync(Serial, locking.LockedUntil, Time.GetUtcNow(), None);

        Assert.Equal(new MfaAdmission(true, 1, null), await store.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None));
    }

    [Fact]
    public async Task RecordSuccessAsync_LockSetByAnotherAttempt_LeavesTheLock()
    {
        var store = await CreateStoreAsync();
        var earlier = (await AdmitAsync(store, Policy.MaxFailures - 1))[^1];
        await store.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None);

        await store.RecordSuccessAsync(Serial, earlier.LockedUntil, Time.GetUtcNow(), None);

        Assert.False((await store.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None)).Admitted);
    }

    [Fact]
    public async Task RecordSuccessAsync_RacingWithFailuresOnTwoInstances_NeverLiftsTheirLock()
    {
        var first = await CreateStoreAsync();
        var second = await OpenAnotherAsync();
        await AdmitAsync(first, Policy.MaxFailures - 1);
        var now = Time.GetUtcNow();

        var failures = Enumerable.Range(0, 12).Select(i => Task.Run(() => (i % 2 == 0 ? first : second).AdmitAsync(Serial, Policy, now, None))).ToList();
        var success = Task.Run(() => second.RecordSuccessAsync(Serial, null, now, None));
        await Task.WhenAll([.. failures, success]);

        // Before the lock the success clears the count and the racers lock the device afresh; after it, the lock stands.
        Assert.Contains(failures.Count(f => f.Result.Admitted), new[] { 1, Policy.MaxFailures });
        Assert.False((await first.AdmitAsync(Serial, Policy, now, None)).Admitted);
        Assert.False((await second.AdmitAsync(Serial, Policy, now, None)).Admitted);
    }

    private async Task<List<MfaAdmission>> AdmitAsync(IMfaAttemptStore store, int count)
    {
        var admissions = new List<MfaAdmission>();
        for (var i = 0; i < count; i++)
        {
            admissions.Add(await store.AdmitAsync(Serial, Policy, Time.GetUtcNow(), None));
        }

        return admissions;
    }
}
