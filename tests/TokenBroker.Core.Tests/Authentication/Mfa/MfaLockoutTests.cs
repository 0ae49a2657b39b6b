using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication.Mfa;

namespace TokenBroker.Core.Tests.Authentication.Mfa;

/// <summary>The MFA lockout (docs/security.md, "MFA lockout") with the real SQLite stores and a fake clock.</summary>
public sealed class MfaLockoutTests : IDisposable
{
    private const string InvalidCode = "MultiFactorAuthentication failed with invalid MFA one time pass code.";

    private readonly MfaRig _rig = new();

    public void Dispose() => _rig.Dispose();

    [Fact]
    public async Task VerifyAsync_CorrectCode_ReturnsTheVerificationTime()
    {
        var verifier = await _rig.CreateAsync();

        var result = await MfaRig.VerifyAsync(verifier, _rig.CorrectCode());

        Assert.Equal(_rig.Time.GetUtcNow(), result.Value);
    }

    [Fact]
    public async Task VerifyAsync_MaxWrongCodes_LockTheDeviceAndTheCorrectCodeIsRefused()
    {
        var verifier = await _rig.CreateAsync();

        for (var i = 1; i <= _rig.Policy.MaxFailures; i++)
        {
            AssertInvalidCode(await MfaRig.VerifyAsync(verifier, _rig.WrongCode(i)));
        }

        AssertInvalidCode(await MfaRig.VerifyAsync(verifier, _rig.CorrectCode()));
    }

    [Fact]
    public async Task VerifyAsync_LockedDevice_RefusesUntilTheLockoutPeriodEndsThenAccepts()
    {
        var verifier = await _rig.CreateAsync();
        await FailAsync(verifier, _rig.Policy.MaxFailures);

        _rig.Time.Advance(_rig.Policy.LockoutDuration - TimeSpan.FromSeconds(Totp.StepSeconds));
        var beforeTheEnd = await MfaRig.VerifyAsync(verifier, _rig.CorrectCode());
        _rig.NextStep();
        var atTheEnd = await MfaRig.VerifyAsync(verifier, _rig.CorrectCode());

        AssertInvalidCode(beforeTheEnd);
        Assert.True(atTheEnd.IsSuccess);
    }

    [Fact]
    public async Task VerifyAsync_CorrectCodeAfterFewerFailuresThanTheMaximum_SucceedsAndClearsTheCount()
    {
        var verifier = await _rig.CreateAsync();
        await FailAsync(verifier, _rig.Policy.MaxFailures - 1);
        var first = await MfaRig.VerifyAsync(verifier, _rig.CorrectCode());

        await FailAsync(verifier, _rig.Policy.MaxFailures - 1);
        _rig.NextStep();
        var second = await MfaRig.VerifyAsync(verifier, _rig.CorrectCode());

        Assert.True(first.IsSuccess);
        Assert.True(second.IsSuccess);
    }

    [Fact]
    public async Task VerifyAsync_CorrectCodeAsTheLastAllowedAttempt_SucceedsAndLeavesTheDeviceUnlocked()
    {
        var verifier = await _rig.CreateAsync();
        await FailAsync(verifier, _rig.Policy.MaxFailures - 1);

        var last = await MfaRig.VerifyAsync(verifier, _rig.CorrectCode());
        _rig.NextStep();
        var next = await MfaRig.VerifyAsync(verifier, _rig.CorrectCode());

        Assert.True(last.IsSuccess);
        Assert.True(next.IsSuccess);
        Assert.Empty(await _rig.AuditAsync(MfaActions.DeviceLocked));
    }

    [Fact]
    public async Task VerifyAsync_ReusedCorrectCode_CountsAsAFailure()
    {
        var verifier = await _rig.CreateAsync();
        var code = _rig.CorrectCode();
        Assert.True((await MfaRig.VerifyAsync(verifier, code)).IsSuccess);

        for (var i = 0; i < _rig.Policy.MaxFailures; i++)
        {
            AssertInvalidCode(await MfaRig.VerifyAsync(verifier, code));
        }

        _rig.NextStep();
        AssertInvalidCode(await MfaRig.VerifyAsync(verifier, _rig.CorrectCode()));
    }

    [Fact]
    public async Task VerifyAsync_FailuresOnTwoInstances_AddUpToOneLock()
    {
        var first = await _rig.CreateAsync();
        var second = await _rig.OpenAnotherAsync();

        await FailAsync(first, 3);
        await FailAsync(second, _rig.Policy.MaxFailures - 3);

        AssertInvalidCode(await MfaRig.VerifyAsync(first, _rig.CorrectCode()));
        _rig.NextStep();
        AssertInvalidCode(await MfaRig.VerifyAsync(second, _rig.CorrectCode()));
    }

    [Fact]
    public async Task VerifyAsync_Lockout_AuditsEachFailureTheLockAndEachRefusal()
    {
        var verifier = await _rig.CreateAsync();
        for (var i = 0; i < _rig.Policy.MaxFailures; i++)
        {
            await MfaRig.VerifyAsync(verifier, _rig.WrongCode(i + 1), "failure-" + i);
        }

        await MfaRig.VerifyAsync(verifier, _rig.CorrectCode(), "while-locked");

        var rejected = await _rig.AuditAsync(MfaActions.CodeRejected);
        var locked = Assert.Single(await _rig.AuditAsync(MfaActions.DeviceLocked));
        var refused = Assert.Single(await _rig.AuditAsync(MfaActions.RefusedWhileLocked));
        Assert.Equal(Enumerable.Range(0, _rig.Policy.MaxFailures).Select(i => "failure-" + i).Reverse(), rejected.Select(r => r.RequestId));
        Assert.Equal("failure-" + (_rig.Policy.MaxFailures - 1), locked.RequestId);
        Assert.Equal("while-locked", refused.RequestId);
        Assert.All(rejected.Append(locked).Append(refused), record =>
        {
            Assert.Equal(MfaRig.Serial, record.MfaSerialNumber);
            Assert.Equal(AuditOutcome.Failure, record.Outcome);
            Assert.Equal("AccessDenied", record.ErrorCode);
            Assert.Equal("arn:aws:iam::111111111111:user/alice", record.CallerArn);
            Assert.Equal("AKIAALICE00000000001", record.CallerAccessKeyId);
            Assert.Equal("192.0.2.1", record.SourceIp);
        });
    }

    [Fact]
    public async Task VerifyAsync_SmallerPolicy_LocksAtItsMaximumForItsDuration()
    {
        using var rig = new MfaRig(new MfaLockoutPolicy(2, TimeSpan.FromSeconds(60)));
        var verifier = await rig.CreateAsync();

        await MfaRig.VerifyAsync(verifier, rig.WrongCode(1));
        await MfaRig.VerifyAsync(verifier, rig.WrongCode(2));
        var locked = await MfaRig.VerifyAsync(verifier, rig.CorrectCode());
        rig.Time.Advance(TimeSpan.FromSeconds(60));
        var unlocked = await MfaRig.VerifyAsync(verifier, rig.CorrectCode());

        AssertInvalidCode(locked);
        Assert.True(unlocked.IsSuccess);
    }

    [Fact]
    public async Task MfaGuessing_ConcurrentGuessesOnTwoInstances_CheckAtMostTheMaximumOfCodes()
    {
        var first = await _rig.CreateAsync();
        var second = await _rig.OpenAnotherAsync();
        var guesses = Enumerable.Range(1, 30).Select(i => _rig.WrongCode(i * 7919)).ToList();

        var results = await Task.WhenAll(guesses.Select((code, i) =>
            Task.Run(() => MfaRig.VerifyAsync(i % 2 == 0 ? first : second, code, "guess-" + i))));

        Assert.All(results, AssertInvalidCode);
        Assert.Equal(_rig.Policy.MaxFailures, (await _rig.AuditAsync(MfaActions.CodeRejected)).Count);
        Assert.Equal(guesses.Count - _rig.Policy.MaxFailures, (await _rig.AuditAsync(MfaActions.RefusedWhileLocked)).Count);
        Assert.Single(await _rig.AuditAsync(MfaActions.DeviceLocked));
        AssertInvalidCode(await MfaRig.VerifyAsync(first, _rig.CorrectCode()));
    }

    [Fact]
    public async Task MfaLockout_DirectoryReplaced_DeviceStaysLocked()
    {
        var verifier = await _rig.CreateAsync();
        await FailAsync(verifier, _rig.Policy.MaxFailures);

        await _rig.Store.Directory.ReplaceAsync(MfaRig.Directory(), CancellationToken.None);
        _rig.NextStep();

        AssertInvalidCode(await MfaRig.VerifyAsync(verifier, _rig.CorrectCode()));
    }

    private async Task FailAsync(MfaVerifier verifier, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            AssertInvalidCode(await MfaRig.VerifyAsync(verifier, _rig.WrongCode(i)));
        }
    }

    private static void AssertInvalidCode(Core.Errors.StsResult<DateTimeOffset?> result)
    {
        Assert.False(result.IsSuccess);
        Assert.Equal("AccessDenied", result.Error!.Code);
        Assert.Equal(InvalidCode, result.Error.Message);
    }
}
