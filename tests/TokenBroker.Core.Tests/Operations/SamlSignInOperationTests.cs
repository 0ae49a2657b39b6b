using TokenBroker.Core.Audit;
using TokenBroker.Core.Operations;
using static TokenBroker.Core.Tests.Operations.OperationRig;

namespace TokenBroker.Core.Tests.Operations;

/// <summary>
/// The browser sign-in's two steps in process: every refusal is audited by Core as AssumeRoleWithSAML, with the call's
/// request id, whatever the Host does with the answer.
/// </summary>
public sealed class SamlSignInOperationTests : IAsyncLifetime
{
    private const string NoProvider = "arn:aws:iam::111111111111:saml-provider/none";

    private OperationRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CreateAsync();

    public Task DisposeAsync()
    {
        _rig.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ReceiveAsync_NoResponsePosted_InvalidIdentityTokenAndOneRefusal()
    {
        var error = Refused(await _rig.SamlSignIn.ReceiveAsync(null, [], Call, CancellationToken.None));

        Assert.Equal(("InvalidIdentityToken", "Response signature invalid"), (error.Code, error.Message));
        await AssertOneRefusalAsync("InvalidIdentityToken");
    }

    [Fact]
    public async Task ReceiveAsync_ProviderNotInDirectory_InvalidIdentityTokenAndOneRefusal()
    {
        var error = Refused(await _rig.SamlSignIn.ReceiveAsync("PHg+", [NoProvider], Call, CancellationToken.None));

        Assert.Equal(("InvalidIdentityToken", "Specified provider doesn't exist"), (error.Code, error.Message));
        await AssertOneRefusalAsync("InvalidIdentityToken");
    }

    [Fact]
    public async Task ReceiveAsync_NoCandidateProvider_UniformRefusal()
    {
        var error = Refused(await _rig.SamlSignIn.ReceiveAsync("PHg+", [], Call, CancellationToken.None));

        Assert.Equal(("InvalidIdentityToken", "Response signature invalid"), (error.Code, error.Message));
        await AssertOneRefusalAsync("InvalidIdentityToken");
    }

    [Fact]
    public async Task ChooseRoleAsync_NoSealedState_ExpiredAndOneRefusal()
    {
        var error = Refused(await _rig.SamlSignIn.ChooseRoleAsync(null, Call, CancellationToken.None));

        Assert.Same(SamlSignInOperation.Expired, error);
        await AssertOneRefusalAsync("AccessDenied");
    }

    [Fact]
    public async Task ChooseRoleAsync_ProviderRemovedSinceSignIn_RefusedAndOneRefusal()
    {
        var error = Refused(await _rig.SamlSignIn.ChooseRoleAsync(new SamlRoleChoice("PHg+", NoProvider, DemoRole), Call, CancellationToken.None));

        Assert.Equal("InvalidIdentityToken", error.Code);
        await AssertOneRefusalAsync("InvalidIdentityToken");
    }

    private async Task AssertOneRefusalAsync(string errorCode)
    {
        var record = Assert.Single(await _rig.AuditAsync("AssumeRoleWithSAML"));
        Assert.Equal((Call.RequestId, AuditOutcome.Failure, errorCode, (string?)null), (record.RequestId, record.Outcome, record.ErrorCode, record.IssuedAccessKeyId));
    }
}
