using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using OtpNet;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using StsCredentials = Amazon.SecurityToken.Model.Credentials;

namespace TokenBroker.Host.Tests.EndToEnd;

public class AssumeRoleTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private const string DemoRole = "arn:aws:iam::111111111111:role/demo";

    private AmazonSecurityTokenServiceClient Client(AccessKey key) => broker.Client(key.AccessKeyId.Value, key.SecretAccessKey);

    private AmazonSecurityTokenServiceClient Client(StsCredentials credentials) =>
        broker.Client(new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));

    private static async Task<AmazonSecurityTokenServiceException> Fails(Func<Task> call) =>
        await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(call);

    [Fact]
    public async Task AssumeRole_SameAccount_ReturnsRoleSession()
    {
        using var sts = Client(TestDirectory.AliceKey);

        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "alice-session" });

        Assert.StartsWith("ASIA", response.Credentials.AccessKeyId, StringComparison.Ordinal);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/demo/alice-session", response.AssumedRoleUser.Arn);
        Assert.Equal("AROADEMO0000000000000:alice-session", response.AssumedRoleUser.AssumedRoleId);
#pragma warning disable CS0618 // PackedPolicySize is deprecated in the SDK in favour of SessionTokenUtilization; AWS still returns both.
        Assert.Equal(0, response.PackedPolicySize);
#pragma warning restore CS0618
        Assert.InRange(response.SessionTokenSize!.Value, 100, 4096);
        Assert.InRange(response.SessionTokenUtilization!.Value, 1, 100);
        var lifetime = response.Credentials.Expiration!.Value.ToUniversalTime() - broker.Time.GetUtcNow().UtcDateTime;
        Assert.InRange(lifetime.TotalSeconds, 3598, 3602);

        using var session = Client(response.Credentials);
        var identity = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/demo/alice-session", identity.Arn);
        Assert.Equal("AROADEMO0000000000000:alice-session", identity.UserId);
    }

    [Fact]
    public async Task AssumeRole_UnknownRole_IsAccessDeniedWithAwsMessage()
    {
        using var sts = Client(TestDirectory.AliceKey);

        var error = await Fails(() => sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/nope", RoleSessionName = "s1" }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("User: arn:aws:iam::111111111111:user/alice is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/nope", error.Message);
    }

    [Fact]
    public async Task AssumeRole_TrustNamesUserInSameAccount_NeedsNoIdentityPolicy()
    {
        using var sts = Client(TestDirectory.DaveKey);

        var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/dave-only", RoleSessionName = "d" + "ave" });

        Assert.Equal("arn:aws:sts::111111111111:assumed-role/dave-only/dave", response.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task AssumeRole_TrustNamesAccountRoot_NeedsIdentityPolicy()
    {
        using var dave = Client(TestDirectory.DaveKey);
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => dave.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/root-trust", RoleSessionName = "s1" }));
        var allowed = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/root-trust", RoleSessionName = "s1" });

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.NotNull(allowed.Credentials);
    }

    [Fact]
    public async Task AssumeRole_TrustDoesNotNameCaller_IsAccessDeniedEvenWithIdentityAllow()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/dave-only", RoleSessionName = "s1" }));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_CrossAccountWithRightExternalId_Succeeds()
    {
        using var carol = Client(TestDirectory.CarolKey);

        var response = await carol.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/cross-account",
            RoleSessionName = "carol",
            ExternalId = "ext-123",
        });

        Assert.Equal("arn:aws:sts::111111111111:assumed-role/cross-account/carol", response.AssumedRoleUser.Arn);
    }

    [Theory]
    [InlineData("ext-999")]
    [InlineData(null)]
    public async Task AssumeRole_CrossAccountWithWrongOrMissingExternalId_IsAccessDenied(string? externalId)
    {
        using var carol = Client(TestDirectory.CarolKey);

        var error = await Fails(() => carol.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/cross-account",
            RoleSessionName = "carol",
            ExternalId = externalId,
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_CrossAccountWithoutIdentityPolicy_IsAccessDenied()
    {
        using var erin = Client(TestDirectory.ErinKey);

        var error = await Fails(() => erin.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/cross-account",
            RoleSessionName = "erin",
            ExternalId = "ext-123",
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Equal("User: arn:aws:iam::222222222222:user/erin is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::111111111111:role/cross-account", error.Message);
    }

    [Fact]
    public async Task AssumeRole_MfaRequiredRole_NeedsAValidCode()
    {
        using var alice = Client(TestDirectory.AliceKey);
        var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/mfa-required", RoleSessionName = "mfa" };

        var withoutMfa = await Fails(() => alice.AssumeRoleAsync(request));
        request.SerialNumber = TestDirectory.AliceMfaSerial;
        request.TokenCode = new Totp(TestDirectory.AliceMfaSeed).ComputeTotp(broker.Time.GetUtcNow().UtcDateTime);
        var withMfa = await alice.AssumeRoleAsync(request);

        Assert.Equal("AccessDenied", withoutMfa.ErrorCode);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/mfa-required/mfa", withMfa.AssumedRoleUser.Arn);
    }

    [Fact]
    public async Task AssumeRole_TrustConditionOnDurationSeconds_IsEvaluated()
    {
        using var alice = Client(TestDirectory.AliceKey);
        var request = new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/short-sessions", RoleSessionName = "s1", DurationSeconds = 1800 };

        var allowed = await alice.AssumeRoleAsync(request);
        request.DurationSeconds = 3600;
        var denied = await Fails(() => alice.AssumeRoleAsync(request));

        Assert.NotNull(allowed.Credentials);
        Assert.Equal("AccessDenied", denied.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_DurationAboveRoleMaximum_IsValidationError()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "s1", DurationSeconds = 7201 }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the MaxSessionDuration set for this role.", error.Message);
    }

    [Fact]
    public async Task AssumeRole_DurationWithinRoleMaximum_IsHonoured()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var response = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "s1", DurationSeconds = 7200 });

        var lifetime = response.Credentials.Expiration!.Value.ToUniversalTime() - broker.Time.GetUtcNow().UtcDateTime;
        Assert.InRange(lifetime.TotalSeconds, 7198, 7202);
    }

    [Fact]
    public async Task AssumeRole_RoleChainingAboveOneHour_IsValidationError()
    {
        using var alice = Client(TestDirectory.AliceKey);
        var first = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "hop1" });
        using var hop1 = Client(first.Credentials);

        var error = await Fails(() => hop1.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/chain-2",
            RoleSessionName = "hop2",
            DurationSeconds = 3601,
        }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.", error.Message);
    }

    [Fact]
    public async Task AssumeRole_TransitiveTagsAndSourceIdentity_SurviveThreeHops()
    {
        using var alice = Client(TestDirectory.AliceKey);
        var hop1 = await alice.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DemoRole,
            RoleSessionName = "hop1",
            SourceIdentity = "alice@example.com",
            Tags = [new() { Key = "Project", Value = "Pegasus" }, new() { Key = "Team", Value = "Blue" }],
            TransitiveTagKeys = ["Project"],
        });
        using var session1 = Client(hop1.Credentials);
        var hop2 = await session1.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/chain-2", RoleSessionName = "hop2" });
        using var session2 = Client(hop2.Credentials);
        var hop3 = await session2.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = "arn:aws:iam::111111111111:role/chain-3", RoleSessionName = "hop3" });

        Assert.Equal("alice@example.com", hop1.SourceIdentity);
        Assert.Equal("alice@example.com", hop2.SourceIdentity);
        Assert.Equal("alice@example.com", hop3.SourceIdentity);
        var claims = await VerifyAsync(hop3.Credentials);
        Assert.Equal([new TokenBroker.Core.Model.Tag("Project", "Pegasus")], claims.Tags);
        Assert.Equal(["Project"], claims.TransitiveTagKeys);
        Assert.Equal(2, claims.ChainingDepth);
    }

    [Fact]
    public async Task AssumeRole_RepassingInheritedTransitiveTag_IsRejected()
    {
        using var alice = Client(TestDirectory.AliceKey);
        var hop1 = await alice.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DemoRole,
            RoleSessionName = "hop1",
            Tags = [new() { Key = "Project", Value = "Pegasus" }],
            TransitiveTagKeys = ["Project"],
        });
        using var session1 = Client(hop1.Credentials);

        var error = await Fails(() => session1.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/chain-2",
            RoleSessionName = "hop2",
            Tags = [new() { Key = "project", Value = "Other" }],
        }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_ChangingSourceIdentity_IsAccessDenied()
    {
        using var alice = Client(TestDirectory.AliceKey);
        var hop1 = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "hop1", SourceIdentity = "alice" });
        using var session1 = Client(hop1.Credentials);

        var error = await Fails(() => session1.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/chain-2",
            RoleSessionName = "hop2",
            SourceIdentity = "mallory",
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_TagsWithoutTagSessionInTrust_IsAccessDenied()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = "arn:aws:iam::111111111111:role/no-tags",
            RoleSessionName = "s1",
            Tags = [new() { Key = "Project", Value = "Pegasus" }],
        }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Contains("sts:TagSession", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AssumeRole_DuplicateTagKeysIgnoringCase_AreRejected()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DemoRole,
            RoleSessionName = "s1",
            Tags = [new() { Key = "Project", Value = "a" }, new() { Key = "project", Value = "b" }],
        }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_SessionPolicy_NarrowsTheSession()
    {
        using var alice = Client(TestDirectory.AliceKey);
        const string policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}]}";

        var response = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "narrow", Policy = policy });

#pragma warning disable CS0618 // PackedPolicySize is deprecated in the SDK in favour of SessionTokenUtilization; AWS still returns both.
        Assert.InRange(response.PackedPolicySize!.Value, 1, 100);
#pragma warning restore CS0618
        using var session = Client(response.Credentials);
        var identity = await session.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/demo/narrow", identity.Arn);
        Assert.True(await SessionMayAsync(response.Credentials, "s3:GetObject"));
        Assert.False(await SessionMayAsync(response.Credentials, "s3:PutObject"));
    }

    [Fact]
    public async Task AssumeRole_ManagedSessionPolicy_NarrowsTheSession()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var response = await alice.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DemoRole,
            RoleSessionName = "managed",
            PolicyArns = [new PolicyDescriptorType { Arn = TestDirectory.ReadOnlyArn }],
        });

        Assert.True(await SessionMayAsync(response.Credentials, "s3:GetObject"));
        Assert.False(await SessionMayAsync(response.Credentials, "s3:DeleteObject"));
    }

    [Fact]
    public async Task AssumeRole_WithoutSessionPolicy_KeepsTheRolePermissions()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var response = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "full" });

        Assert.True(await SessionMayAsync(response.Credentials, "s3:PutObject"));
        Assert.False(await SessionMayAsync(response.Credentials, "ec2:RunInstances"));
    }

    [Fact]
    public async Task AssumeRole_MalformedSessionPolicy_IsMalformedPolicyDocument()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "s1", Policy = "{\"Version\":" }));

        Assert.Equal("MalformedPolicyDocument", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_UnknownPolicyArn_IsRejected()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = DemoRole,
            RoleSessionName = "s1",
            PolicyArns = [new PolicyDescriptorType { Arn = "arn:aws:iam::111111111111:policy/Missing" }],
        }));

        Assert.Equal("InvalidParameterValue", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_OversizedSessionTags_IsPackedPolicyTooLarge()
    {
        using var alice = Client(TestDirectory.AliceKey);
        // Random values: the packed form is compressed, as AWS's is, so repetitive values would fit.
        var tags = Enumerable.Range(0, 50).Select(i => new Amazon.SecurityToken.Model.Tag
        {
            Key = $"Key{i:D2}",
            Value = string.Concat(Enumerable.Range(0, 6).Select(_ => Guid.NewGuid().ToString("N"))),
        }).ToList();

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "s1", Tags = tags }));

        Assert.Equal("PackedPolicyTooLarge", error.ErrorCode);
        Assert.Matches(@"^Packed size of session tags consumes \d+% of allotted space", error.Message);
    }

    [Fact]
    public async Task AssumeRole_RoleSessionCannotCallGetSessionToken()
    {
        using var alice = Client(TestDirectory.AliceKey);
        var response = await alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = "s1" });
        using var session = Client(response.Credentials);

        var error = await Fails(() => session.GetSessionTokenAsync(new GetSessionTokenRequest()));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task AssumeRole_BadParameters_AreValidationErrorsWithAwsWording()
    {
        using var alice = Client(TestDirectory.AliceKey);

        var error = await Fails(() => alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = DemoRole, RoleSessionName = string.Concat("bad", " name") }));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Equal(@"1 validation error detected: Value 'bad name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*", error.Message);
    }

    private Task<bool> SessionMayAsync(StsCredentials credentials, string action) => SessionSimulator.MayAsync(broker.Services, credentials, action);

    private Task<SessionClaims> VerifyAsync(StsCredentials credentials) => SessionSimulator.VerifyAsync(broker.Services, credentials);
}
