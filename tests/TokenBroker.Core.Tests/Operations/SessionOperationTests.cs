using TokenBroker.Core.Audit;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;
using static TokenBroker.Core.Tests.Operations.OperationRig;

namespace TokenBroker.Core.Tests.Operations;

/// <summary>
/// GetSessionToken, GetFederationToken, GetCallerIdentity and GetAccessKeyInfo in process: start from a valid request,
/// change one thing, expect one error.
/// </summary>
public sealed class SessionOperationTests : IAsyncLifetime
{
    private OperationRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CreateAsync();

    public Task DisposeAsync()
    {
        _rig.Dispose();
        return Task.CompletedTask;
    }

    private static GetFederationTokenRequest ValidFederation() => new("bob", null, AllowGet, [], []);

    [Fact]
    public async Task GetSessionToken_ValidRequest_TwelveHourUserSessionAudited()
    {
        var result = await _rig.GetSessionToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, new GetSessionTokenRequest(null, null, null), Call, CancellationToken.None);

        Assert.Equal(TimeSpan.FromHours(12), result.Value.Credentials.Expiration - _rig.Time.GetUtcNow());
        Assert.Equal(AuditOutcome.Success, Assert.Single(await _rig.AuditAsync("GetSessionToken")).Outcome);
    }

    [Fact]
    public async Task GetSessionToken_FromSessionCredentials_AccessDenied()
    {
        var first = await _rig.GetSessionToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, new GetSessionTokenRequest(900, null, null), Call, CancellationToken.None);
        var session = await _rig.SessionAsync(first.Value.Credentials);

        var error = Refused(await _rig.GetSessionToken.ExecuteAsync(session, _rig.Directory, new GetSessionTokenRequest(900, null, null), Call, CancellationToken.None));

        Assert.Equal(("AccessDenied", "Cannot call GetSessionToken with session credentials"), (error.Code, error.Message));
    }

    [Fact]
    public async Task GetSessionToken_WrongMfaCode_AccessDenied()
    {
        var wrong = _rig.MfaCode() == "000000" ? "111111" : "000000";

        var error = Refused(await _rig.GetSessionToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, new GetSessionTokenRequest(null, MfaSerial, wrong), Call, CancellationToken.None));

        Assert.Equal("AccessDenied", error.Code);
    }

    [Fact]
    public async Task GetSessionToken_CorrectMfaCode_SessionCarriesMfa()
    {
        var result = await _rig.GetSessionToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, new GetSessionTokenRequest(null, MfaSerial, _rig.MfaCode()), Call, CancellationToken.None);

        Assert.True(result.Value.Claims.MultiFactorAuthPresent);
    }

    [Fact]
    public void GetSessionTokenBind_DurationAboveLimit_ValidationError()
    {
        var error = Refused(GetSessionTokenRequest.Bind(QueryParameters.Parse("DurationSeconds=129601").Value));

        Assert.Equal(("ValidationError", "1 validation error detected: Value '129601' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 129600"),
            (error.Code, error.Message));
    }

    [Fact]
    public async Task GetFederationToken_ValidRequest_FederatedUserSession()
    {
        var result = await _rig.GetFederationToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, ValidFederation(), Call, CancellationToken.None);

        Assert.Equal(("arn:aws:sts::111111111111:federated-user/bob", "111111111111:bob"), (result.Value.FederatedUserArn, result.Value.FederatedUserId));
        Assert.Equal("bob", Assert.Single(await _rig.AuditAsync("GetFederationToken")).SessionName);
    }

    [Fact]
    public async Task GetFederationToken_MalformedPolicy_MalformedPolicyDocument() =>
        Assert.Equal("MalformedPolicyDocument", Refused(await _rig.GetFederationToken.ExecuteAsync(
            await _rig.AliceAsync(), _rig.Directory, ValidFederation() with { Policy = """{"Statement":1}""" }, Call, CancellationToken.None)).Code);

    [Fact]
    public async Task GetFederationToken_DuplicateTagKeys_InvalidParameterValue() =>
        Assert.Equal("InvalidParameterValue", Refused(await _rig.GetFederationToken.ExecuteAsync(
            await _rig.AliceAsync(), _rig.Directory, ValidFederation() with { Tags = [new("k", "1"), new("K", "2")] }, Call, CancellationToken.None)).Code);

    [Fact]
    public async Task GetFederationToken_FromSessionCredentials_AccessDenied()
    {
        var first = await _rig.GetSessionToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, new GetSessionTokenRequest(900, null, null), Call, CancellationToken.None);
        var session = await _rig.SessionAsync(first.Value.Credentials);

        var error = Refused(await _rig.GetFederationToken.ExecuteAsync(session, _rig.Directory, ValidFederation(), Call, CancellationToken.None));

        Assert.Equal(("AccessDenied", "Cannot call GetFederationToken with session credentials"), (error.Code, error.Message));
    }

    [Fact]
    public void GetFederationTokenBind_NameMissing_ValidationError() =>
        Assert.Equal("ValidationError", Refused(GetFederationTokenRequest.Bind(QueryParameters.Parse("DurationSeconds=900").Value)).Code);

    [Fact]
    public async Task GetCallerIdentity_UserSession_ReportsItsUser()
    {
        var first = await _rig.GetSessionToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, new GetSessionTokenRequest(900, null, null), Call, CancellationToken.None);

        var identity = GetCallerIdentityOperation.Execute(await _rig.SessionAsync(first.Value.Credentials), GetCallerIdentityRequest.Instance);

        Assert.Equal(("arn:aws:iam::111111111111:user/alice", "AIDAALICE000000000001"), (identity.Arn, identity.UserId));
    }

    [Fact]
    public async Task GetCallerIdentity_RoleSession_ReportsTheSession()
    {
        var role = await _rig.AssumeRole.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory, ValidAssumeRole(), Call, CancellationToken.None);

        var identity = GetCallerIdentityOperation.Execute(await _rig.SessionAsync(role.Value.Issued.Credentials), GetCallerIdentityRequest.Instance);

        Assert.Equal(("arn:aws:sts::111111111111:assumed-role/demo/s1", "AROADEMO000000000001:s1"), (identity.Arn, identity.UserId));
    }

    [Fact]
    public void GetAccessKeyInfo_KnownKey_ItsAccount() =>
        Assert.Equal(AccountText, GetAccessKeyInfoOperation.Execute(_rig.Directory, GetAccessKeyInfoRequest.Bind(QueryParameters.Parse("AccessKeyId=" + AliceKeyId).Value).Value).Value);

    [Fact]
    public void GetAccessKeyInfoBind_KeyTooShort_ValidationError() =>
        Assert.Equal("ValidationError", Refused(GetAccessKeyInfoRequest.Bind(QueryParameters.Parse("AccessKeyId=AKIA").Value)).Code);

    [Fact]
    public async Task AssumeRoleWithSaml_UnknownRole_AccessDeniedAndAudited()
    {
        var request = new AssumeRoleWithSamlRequest("arn:aws:iam::111111111111:role/none", "arn:aws:iam::111111111111:saml-provider/idp", "PHg+", null, null, []);

        var error = Refused(await _rig.AssumeRoleWithSaml.ExecuteAsync(_rig.Directory, request, Call, CancellationToken.None));

        Assert.Equal(("AccessDenied", "Not authorized to perform sts:AssumeRoleWithSAML"), (error.Code, error.Message));
        Assert.Equal(AuditOutcome.Failure, Assert.Single(await _rig.AuditAsync("AssumeRoleWithSAML")).Outcome);
    }

    [Fact]
    public async Task AssumeRoleWithSaml_UnknownProvider_InvalidIdentityToken()
    {
        var request = new AssumeRoleWithSamlRequest(DemoRole, "arn:aws:iam::111111111111:saml-provider/none", "PHg+", null, null, []);

        var error = Refused(await _rig.AssumeRoleWithSaml.ExecuteAsync(_rig.Directory, request, Call, CancellationToken.None));

        Assert.Equal(("InvalidIdentityToken", "Specified provider doesn't exist"), (error.Code, error.Message));
    }
}
