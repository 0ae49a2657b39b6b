using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;
using static TokenBroker.Core.Tests.Operations.OperationRig;

namespace TokenBroker.Core.Tests.Operations;

/// <summary>AssumeRole in process: start from a valid request, change one thing, expect one error.</summary>
public sealed class AssumeRoleOperationTests : IAsyncLifetime
{
    private OperationRig _rig = null!;

    public async Task InitializeAsync() => _rig = await CreateAsync();

    public Task DisposeAsync()
    {
        _rig.Dispose();
        return Task.CompletedTask;
    }

    private async Task<StsResult<AssumeRoleResult>> AssumeAsync(AssumeRoleRequest request, Caller? caller = null) =>
        await _rig.AssumeRole.ExecuteAsync(caller ?? await _rig.AliceAsync(), _rig.Directory, request, Call, CancellationToken.None);

    private async Task<Caller> RoleSessionAsync(AssumeRoleRequest request)
    {
        var first = await AssumeAsync(request);
        return await _rig.SessionAsync(first.Value.Issued.Credentials);
    }

    [Fact]
    public async Task Execute_ValidRequest_IssuesRoleSessionAndAuditsIt()
    {
        var result = await AssumeAsync(ValidAssumeRole());

        Assert.True(result.IsSuccess);
        Assert.Equal(("arn:aws:sts::111111111111:assumed-role/demo/s1", "AROADEMO000000000001:s1"), (result.Value.AssumedRoleArn, result.Value.AssumedRoleId));
        Assert.Equal(TimeSpan.FromHours(1), result.Value.Issued.Credentials.Expiration - _rig.Time.GetUtcNow());
        var record = Assert.Single(await _rig.AuditAsync("AssumeRole"));
        Assert.Equal((AuditOutcome.Success, DemoRole, "s1"), (record.Outcome, record.RoleArn, record.SessionName));
    }

    [Fact]
    public async Task Execute_UnknownRole_AccessDeniedAndAudited()
    {
        var error = Refused(await AssumeAsync(ValidAssumeRole("arn:aws:iam::111111111111:role/none")));

        Assert.Equal("AccessDenied", error.Code);
        var record = Assert.Single(await _rig.AuditAsync("AssumeRole"));
        Assert.Equal((AuditOutcome.Failure, "AccessDenied"), (record.Outcome, record.ErrorCode));
    }

    [Fact]
    public async Task Execute_RoleArnWithWrongPath_AccessDenied() =>
        Assert.Equal("AccessDenied", Refused(await AssumeAsync(ValidAssumeRole("arn:aws:iam::111111111111:role/ops/demo"))).Code);

    [Fact]
    public async Task Execute_TrustPolicyNamesAnotherAccount_AccessDeniedNamingCallerAndRole()
    {
        var error = Refused(await AssumeAsync(ValidAssumeRole(ClosedRole)));

        Assert.Equal(("AccessDenied", "User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: " + ClosedRole),
            (error.Code, error.Message));
    }

    [Fact]
    public async Task Execute_DurationAboveMaxSessionDuration_ValidationError()
    {
        var error = Refused(await AssumeAsync(ValidAssumeRole() with { DurationSeconds = 3601 }));

        Assert.Equal(("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."), (error.Code, error.Message));
    }

    [Fact]
    public async Task Execute_DurationWithinLongRoleMax_IssuedForThatLong()
    {
        var result = await AssumeAsync(ValidAssumeRole(LongRole) with { DurationSeconds = 43200 });

        Assert.Equal(TimeSpan.FromHours(12), result.Value.Issued.Credentials.Expiration - _rig.Time.GetUtcNow());
    }

    [Fact]
    public async Task Execute_ChainedAboveOneHour_ValidationError()
    {
        var session = await RoleSessionAsync(ValidAssumeRole());

        var error = Refused(await AssumeAsync(ValidAssumeRole(LongRole) with { DurationSeconds = 3601 }, session));

        Assert.Equal(("ValidationError", "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."), (error.Code, error.Message));
    }

    [Fact]
    public async Task Execute_Chained_DepthGrowsAndSourceIdentityIsInherited()
    {
        var session = await RoleSessionAsync(ValidAssumeRole() with { SourceIdentity = "alice" });

        var chained = await AssumeAsync(ValidAssumeRole(LongRole), session);

        Assert.Equal((1, "alice"), (chained.Value.Issued.Claims.ChainingDepth, chained.Value.SourceIdentity));
    }

    [Fact]
    public async Task Execute_ChainedWithOtherSourceIdentity_AccessDenied()
    {
        var session = await RoleSessionAsync(ValidAssumeRole() with { SourceIdentity = "alice" });

        var error = Refused(await AssumeAsync(ValidAssumeRole(LongRole) with { SourceIdentity = "mallory" }, session));

        Assert.Equal("AccessDenied", error.Code);
        Assert.Contains("sts:SetSourceIdentity", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_ChainedSettingInheritedTransitiveTagAgain_InvalidParameterValue()
    {
        var session = await RoleSessionAsync(ValidAssumeRole() with { Tags = [new("Project", "a")], TransitiveTagKeys = ["Project"] });

        var error = Refused(await AssumeAsync(ValidAssumeRole(LongRole) with { Tags = [new("project", "b")] }, session));

        Assert.Equal(("InvalidParameterValue", "The session tag Project was passed transitively by the calling session and cannot be set again."), (error.Code, error.Message));
    }

    [Fact]
    public async Task Execute_MalformedSessionPolicy_MalformedPolicyDocument() =>
        Assert.Equal("MalformedPolicyDocument", Refused(await AssumeAsync(ValidAssumeRole() with { Policy = """{"Statement":1}""" })).Code);

    [Fact]
    public async Task Execute_UnknownPolicyArn_InvalidParameterValue()
    {
        var error = Refused(await AssumeAsync(ValidAssumeRole() with { PolicyArns = ["arn:aws:iam::111111111111:policy/None"] }));

        Assert.Equal(("InvalidParameterValue", "Policy arn:aws:iam::111111111111:policy/None does not exist or is not attachable."), (error.Code, error.Message));
    }

    [Fact]
    public async Task Execute_SessionPolicies_CarriedMinifiedIntoTheToken()
    {
        var result = await AssumeAsync(ValidAssumeRole() with { Policy = "{ \"Version\" : \"2012-10-17\",\n  \"Statement\" : { \"Effect\" : \"Allow\", \"Action\" : \"s3:GetObject\", \"Resource\" : \"*\" } }", PolicyArns = [ReadOnlyPolicy] });

        Assert.Equal(("""{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}}""", ReadOnlyPolicy),
            (result.Value.Issued.Claims.Policies.InlinePolicy, Assert.Single(result.Value.Issued.Claims.Policies.PolicyArns)));
    }

    [Fact]
    public async Task Execute_DuplicateTagKeysIgnoringCase_InvalidParameterValue() =>
        Assert.Equal("InvalidParameterValue", Refused(await AssumeAsync(ValidAssumeRole() with { Tags = [new("a", "1"), new("A", "2")] })).Code);

    [Fact]
    public async Task Execute_ReservedTagPrefix_InvalidParameterValue() =>
        Assert.Equal("InvalidParameterValue", Refused(await AssumeAsync(ValidAssumeRole() with { Tags = [new("aws:team", "1")] })).Code);

    [Fact]
    public async Task Execute_TransitiveKeyNotAmongTags_InvalidParameterValue() =>
        Assert.Equal("InvalidParameterValue", Refused(await AssumeAsync(ValidAssumeRole() with { TransitiveTagKeys = ["Project"] })).Code);

    [Fact]
    public async Task Execute_ExternalIdMissing_AccessDenied() =>
        Assert.Equal("AccessDenied", Refused(await AssumeAsync(ValidAssumeRole(ExternalRole))).Code);

    [Fact]
    public async Task Execute_ExternalIdMatches_Issued() =>
        Assert.True((await AssumeAsync(ValidAssumeRole(ExternalRole) with { ExternalId = "tenant-7" })).IsSuccess);

    [Fact]
    public async Task Execute_CorrectMfaCode_SessionCarriesMfa()
    {
        var result = await AssumeAsync(ValidAssumeRole() with { SerialNumber = MfaSerial, TokenCode = _rig.MfaCode() });

        Assert.Equal((true, _rig.Time.GetUtcNow()), (result.Value.Issued.Claims.MultiFactorAuthPresent, result.Value.Issued.Claims.MultiFactorAuthTime));
    }

    [Fact]
    public async Task Execute_MfaFromRoleSession_AccessDenied()
    {
        var session = await RoleSessionAsync(ValidAssumeRole());

        var error = Refused(await AssumeAsync(ValidAssumeRole() with { SerialNumber = MfaSerial, TokenCode = _rig.MfaCode() }, session));

        Assert.Equal("AccessDenied", error.Code);
        Assert.StartsWith("MultiFactorAuthentication failed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Execute_FederatedUserCaller_AccessDenied()
    {
        var federated = await _rig.GetFederationToken.ExecuteAsync(await _rig.AliceAsync(), _rig.Directory,
            new GetFederationTokenRequest("bob", null, AllowGet, [], []), Call, CancellationToken.None);
        var caller = await _rig.SessionAsync(federated.Value.Issued.Credentials);

        Assert.Equal("AccessDenied", Refused(await AssumeAsync(ValidAssumeRole(), caller)).Code);
    }

    [Theory]
    [InlineData("RoleArn=arn:aws:iam::111111111111:role/demo", "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null")]
    [InlineData("RoleArn=arn:aws:iam::111111111111:role/demo&RoleSessionName=s1&DurationSeconds=899", "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900")]
    [InlineData("RoleArn=arn:aws:iam::111111111111:role/demo&RoleSessionName=a%20b", "1 validation error detected: Value 'a b' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*")]
    public void Bind_OneMemberInvalid_OneValidationError(string query, string message)
    {
        var error = Refused(AssumeRoleRequest.Bind(QueryParameters.Parse(query).Value));

        Assert.Equal(("ValidationError", message), (error.Code, error.Message));
    }

    [Fact]
    public void Bind_ValidRequest_AllMembers()
    {
        var bound = AssumeRoleRequest.Bind(QueryParameters.Parse(
            "RoleArn=arn:aws:iam::111111111111:role/demo&RoleSessionName=s1&DurationSeconds=900&Tags.member.1.Key=a&Tags.member.1.Value=1&TransitiveTagKeys.member.1=a&ExternalId=xy").Value);

        Assert.Equal((DemoRole, "s1", 900, "xy", "a"), (bound.Value.RoleArn, bound.Value.RoleSessionName, bound.Value.DurationSeconds, bound.Value.ExternalId, bound.Value.TransitiveTagKeys[0]));
    }
}
