using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.IdentityModel.JsonWebTokens;
using static TokenBroker.Host.Tests.Outbound.OutboundDirectory;

namespace TokenBroker.Host.Tests.Outbound;

public sealed class GetWebIdentityTokenTests(OutboundBrokerFixture broker) : IClassFixture<OutboundBrokerFixture>
{
    private AmazonSecurityTokenServiceClient Client(Core.Model.AccessKey key) => broker.Client(key.AccessKeyId.Value, key.SecretAccessKey);

    private static GetWebIdentityTokenRequest Request(string algorithm = "ES384", params string[] audiences) => new()
    {
        Audience = audiences.Length == 0 ? [Audience] : [.. audiences],
        SigningAlgorithm = algorithm,
    };

    [Theory]
    [InlineData("ES384")]
    [InlineData("RS256")]
    public async Task GetWebIdentityToken_User_TokenVerifiesWithTheIssuersDiscoveryAndJwks(string algorithm)
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);

        var response = await client.GetWebIdentityTokenAsync(Request(algorithm));

        var issuer = broker.IssuerOf(Enabled);
        var result = await TokenVerifier.ValidateAsync(response.WebIdentityToken, issuer, Audience);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(algorithm, token.Alg);
        Assert.Equal("arn:aws:iam::333333333333:user/issuer", token.Subject);
        Assert.Equal(issuer, token.Issuer);
        Assert.Equal(300, (token.ValidTo - token.IssuedAt).TotalSeconds);
        Assert.Equal(token.ValidTo, response.Expiration!.Value.ToUniversalTime());
        Assert.False(string.IsNullOrEmpty(token.Id));
        var aws = JsonDocument.Parse(token.GetPayloadValue<JsonElement>("https://sts.amazonaws.com/").GetRawText()).RootElement;
        Assert.Equal("333333333333", aws.GetProperty("aws_account").GetString());
        Assert.Equal("us-east-1", aws.GetProperty("source_region").GetString());
        Assert.Equal("platform", aws.GetProperty("principal_tags").GetProperty("team").GetString());
    }

    [Fact]
    public async Task GetWebIdentityToken_RoleSession_SubjectIsTheRoleAndSessionTagsArePrincipalTags()
    {
        broker.SyncClock();
        using var user = Client(IssuerKey);
        var session = await user.AssumeRoleAsync(new AssumeRoleRequest
        {
            RoleArn = WorkerRoleArn, RoleSessionName = "job-7", DurationSeconds = 3600, Tags = [new Tag { Key = "job", Value = "nightly" }],
        });
        using var role = broker.Client(session.Credentials);

        var response = await role.GetWebIdentityTokenAsync(Request("RS256"));

        var result = await TokenVerifier.ValidateAsync(response.WebIdentityToken, broker.IssuerOf(Enabled), Audience);
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal(WorkerRoleArn, token.Subject);
        var tags = token.GetPayloadValue<JsonElement>("https://sts.amazonaws.com/").GetProperty("principal_tags");
        Assert.Equal("prod", tags.GetProperty("env").GetString());
        Assert.Equal("nightly", tags.GetProperty("job").GetString());
    }

    [Fact]
    public async Task GetWebIdentityToken_SeveralAudiencesTagsAndDuration_AreInTheToken()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);
        var request = Request("ES384", Audience, "urn:other");
        request.DurationSeconds = 3600;
        request.Tags = [new Tag { Key = "job-id", Value = "42" }, new Tag { Key = "priority", Value = "high" }];

        var response = await client.GetWebIdentityTokenAsync(request);

        var result = await TokenVerifier.ValidateAsync(response.WebIdentityToken, broker.IssuerOf(Enabled), "urn:other");
        Assert.True(result.IsValid, result.Exception?.Message);
        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal([Audience, "urn:other"], token.Audiences);
        Assert.Equal(3600, (token.ValidTo - token.IssuedAt).TotalSeconds);
        var requestTags = token.GetPayloadValue<JsonElement>("https://sts.amazonaws.com/").GetProperty("request_tags");
        Assert.Equal("42", requestTags.GetProperty("job-id").GetString());
        Assert.Equal("high", requestTags.GetProperty("priority").GetString());
    }

    [Fact]
    public async Task GetWebIdentityToken_TokenForAnotherAudience_IsRejectedByTheVerifier()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);

        var response = await client.GetWebIdentityTokenAsync(Request("ES384", "urn:someone-else"));

        var result = await TokenVerifier.ValidateAsync(response.WebIdentityToken, broker.IssuerOf(Enabled), Audience);
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task GetWebIdentityToken_TamperedPayload_FailsVerification()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);
        var token = (await client.GetWebIdentityTokenAsync(Request())).WebIdentityToken;
        var parts = token.Split('.');
        var payload = System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1]))
            .Replace("user/issuer", "user/admin1", StringComparison.Ordinal);
        var forged = parts[0] + "." + Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload) + "." + parts[2];

        var result = await TokenVerifier.ValidateAsync(forged, broker.IssuerOf(Enabled), Audience);

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task GetWebIdentityToken_AccountNotEnabled_IsOutboundWebIdentityFederationDisabled()
    {
        broker.SyncClock();
        using var client = Client(OutsiderKey);

        var error = await Assert.ThrowsAsync<OutboundWebIdentityFederationDisabledException>(() => client.GetWebIdentityTokenAsync(Request()));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task GetWebIdentityToken_NoPolicy_IsAccessDenied()
    {
        broker.SyncClock();
        using var client = Client(NobodyKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(Request()));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Contains("sts:GetWebIdentityToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_WithinTheConditionKeys_IsAllowed()
    {
        broker.SyncClock();
        using var client = Client(LimitedKey);

        var response = await client.GetWebIdentityTokenAsync(Request());

        Assert.False(string.IsNullOrEmpty(response.WebIdentityToken));
    }

    [Theory]
    [InlineData("ES384", 300, "urn:not-allowed")]
    [InlineData("ES384", 301, Audience)]
    [InlineData("RS256", 300, Audience)]
    public async Task GetWebIdentityToken_OutsideTheConditionKeys_IsAccessDenied(string algorithm, int duration, string extraAudience)
    {
        broker.SyncClock();
        using var client = Client(LimitedKey);
        var request = Request(algorithm, Audience, extraAudience);
        request.DurationSeconds = duration;

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(request));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task GetWebIdentityToken_TagsWithoutTagPermission_IsAccessDeniedForTagGetWebIdentityToken()
    {
        broker.SyncClock();
        using var client = Client(LimitedKey);
        var request = Request();
        request.Tags = [new Tag { Key = "k", Value = "v" }];

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(request));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Contains("sts:TagGetWebIdentityToken", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_DeniedTagKey_IsAccessDenied()
    {
        broker.SyncClock();
        using var client = Client(DenyTagsKey);
        var request = Request();
        request.Tags = [new Tag { Key = "admin", Value = "true" }];

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(request));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task GetWebIdentityToken_FederatedUserSession_IsAccessDenied()
    {
        broker.SyncClock();
        using var user = Client(IssuerKey);
        var federated = await user.GetFederationTokenAsync(new GetFederationTokenRequest
        {
            Name = "fed", Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
        });
        using var client = broker.Client(federated.Credentials);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(Request()));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task GetWebIdentityToken_GetSessionTokenSession_IsAccessDenied()
    {
        broker.SyncClock();
        using var user = Client(IssuerKey);
        var session = await user.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = 900 });
        using var client = broker.Client(session.Credentials);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(Request()));

        Assert.Equal("AccessDenied", error.ErrorCode);
    }

    [Fact]
    public async Task GetWebIdentityToken_TokenWouldOutliveTheCallingSession_IsSessionDurationEscalation()
    {
        broker.SyncClock();
        using var user = Client(IssuerKey);
        var session = await user.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = WorkerRoleArn, RoleSessionName = "short", DurationSeconds = 900 });
        using var role = broker.Client(session.Credentials);
        var request = Request();
        request.DurationSeconds = 1800;

        var error = await Assert.ThrowsAsync<SessionDurationEscalationException>(() => role.GetWebIdentityTokenAsync(request));

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Theory]
    [InlineData(59, "Member must have value greater than or equal to 60")]
    [InlineData(3601, "Member must have value less than or equal to 3600")]
    public async Task GetWebIdentityToken_DurationOutOfRange_IsValidationError(int duration, string constraint)
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);
        var request = Request();
        request.DurationSeconds = duration;

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(request));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains($"at 'durationSeconds' failed to satisfy constraint: {constraint}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_UnknownAlgorithm_IsValidationError()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(Request("HS256")));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("Value 'HS256' at 'signingAlgorithm' failed to satisfy constraint: Member must satisfy enum value set: [ES384, RS256]",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_ElevenAudiences_IsValidationError()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            client.GetWebIdentityTokenAsync(Request("ES384", [.. Enumerable.Range(1, 11).Select(i => "urn:a" + i)])));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("at 'audience' failed to satisfy constraint: Member must have length less than or equal to 10", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_AudienceTooLong_IsValidationError()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            client.GetWebIdentityTokenAsync(Request("ES384", new string('a', 1001))));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("Member must have length less than or equal to 1000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_NoAudienceNoAlgorithm_ReportsBothViolations()
    {
        broker.SyncClock();
        using var http = broker.Http();
        using var client = Client(IssuerKey);

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() =>
            client.GetWebIdentityTokenAsync(new GetWebIdentityTokenRequest()));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("2 validation errors detected", error.Message, StringComparison.Ordinal);
        Assert.Contains("at 'audience' failed to satisfy constraint: Member must not be null", error.Message, StringComparison.Ordinal);
        Assert.Contains("at 'signingAlgorithm' failed to satisfy constraint: Member must not be null", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_FiftyOneTags_IsValidationError()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);
        var request = Request();
        request.Tags = [.. Enumerable.Range(1, 51).Select(i => new Tag { Key = "k" + i, Value = "v" })];

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(request));

        Assert.Equal("ValidationError", error.ErrorCode);
        Assert.Contains("Member must have length less than or equal to 50", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetWebIdentityToken_DuplicateTagKeys_IsRefused()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);
        var request = Request();
        request.Tags = [new Tag { Key = "Team", Value = "a" }, new Tag { Key = "team", Value = "b" }];

        var error = await Assert.ThrowsAsync<AmazonSecurityTokenServiceException>(() => client.GetWebIdentityTokenAsync(request));

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    [Fact]
    public async Task GetWebIdentityToken_Issued_IsAuditedWithItsJtiAndNeverTheToken()
    {
        broker.SyncClock();
        using var client = Client(IssuerKey);

        var response = await client.GetWebIdentityTokenAsync(Request());

        var jti = new JsonWebToken(response.WebIdentityToken).Id;
        var stores = (Composition.BrokerStores)broker.Services.GetService(typeof(Composition.BrokerStores))!;
        var records = await stores.AuditLog.QueryAsync(new Core.Audit.AuditQuery(null, null, 1000), CancellationToken.None);
        var record = Assert.Single(records, r => r.IssuedAccessKeyId == jti);
        Assert.Equal("GetWebIdentityToken", record.Action);
        Assert.Equal("arn:aws:iam::333333333333:user/issuer", record.CallerArn);
        Assert.DoesNotContain(records, r => JsonSerializer.Serialize(r).Contains(response.WebIdentityToken.Split('.')[2], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discovery_UnknownAccount_IsNotFound()
    {
        using var http = broker.Http();

        using var response = await http.GetAsync("/oidc/999999999999/.well-known/openid-configuration");
        using var jwks = await http.GetAsync("/oidc/not-an-account/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, jwks.StatusCode);
    }

    [Fact]
    public async Task Discovery_EnabledAccount_NamesTheIssuerAndJwksWithCacheControl()
    {
        using var http = broker.Http();

        using var response = await http.GetAsync($"/oidc/{Enabled.Value}/.well-known/openid-configuration");
        using var jwks = await http.GetAsync($"/oidc/{Enabled.Value}/.well-known/jwks.json");

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(broker.IssuerOf(Enabled), document.RootElement.GetProperty("issuer").GetString());
        Assert.Equal(broker.IssuerOf(Enabled) + "/.well-known/jwks.json", document.RootElement.GetProperty("jwks_uri").GetString());
        Assert.Equal("public, max-age=300", jwks.Headers.CacheControl!.ToString());
        using var keys = JsonDocument.Parse(await jwks.Content.ReadAsStringAsync());
        var published = keys.RootElement.GetProperty("keys").EnumerateArray().ToList();
        Assert.Contains(published, k => k.GetProperty("alg").GetString() == "ES384" && k.GetProperty("crv").GetString() == "P-384");
        Assert.Contains(published, k => k.GetProperty("alg").GetString() == "RS256" && k.GetProperty("kty").GetString() == "RSA");
        Assert.All(published, k => Assert.False(k.TryGetProperty("d", out _)));
    }

    [Fact]
    public async Task Jwks_SecondInstanceOverTheSameStore_ServesTheSameKeysAndVerifiesTheOthersTokens()
    {
        broker.SyncClock();
        var second = await broker.StartInstanceAsync();
        try
        {
            using var secondHttp = new HttpClient { BaseAddress = EndToEnd.BrokerFixture.AddressOf(second) };
            using var firstHttp = broker.Http();
            var path = $"/oidc/{Enabled.Value}/.well-known/jwks.json";
            using var secondClient = new AmazonSecurityTokenServiceClient(
                new BasicAWSCredentials(IssuerKey.AccessKeyId.Value, IssuerKey.SecretAccessKey),
                new AmazonSecurityTokenServiceConfig { ServiceURL = EndToEnd.BrokerFixture.AddressOf(second).ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

            var token = (await secondClient.GetWebIdentityTokenAsync(Request("RS256"))).WebIdentityToken;

            Assert.Equal(await firstHttp.GetStringAsync(path), await secondHttp.GetStringAsync(path));
            var result = await TokenVerifier.ValidateAsync(token, broker.IssuerOf(Enabled), Audience);
            Assert.True(result.IsValid, result.Exception?.Message);
        }
        finally
        {
            await second.StopAsync();
            await second.DisposeAsync();
        }
    }

    [Fact]
    public async Task GetWebIdentityToken_RevokedSession_GetsNoNewToken()
    {
        broker.SyncClock();
        using var user = Client(IssuerKey);
        var session = await user.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = WorkerRoleArn, RoleSessionName = "revoked", DurationSeconds = 3600 });
        using var role = broker.Client(session.Credentials);
        Assert.False(string.IsNullOrEmpty((await role.GetWebIdentityTokenAsync(Request())).WebIdentityToken));

        // Issue times have whole seconds; the cutoff falls a second after the session, and the revocation cache (5 s) runs out.
        broker.Time.Advance(TimeSpan.FromSeconds(1));
        var revocations = (Core.Ports.IRevocationStore)broker.Services.GetService(typeof(Core.Ports.IRevocationStore))!;
        await revocations.SetCutoffAsync(Core.Revocation.RevocationScope.Session,
            Core.Revocation.RevocationSubjects.Normalize(Core.Revocation.RevocationScope.Session, session.Credentials.AccessKeyId),
            broker.Time.GetUtcNow(), CancellationToken.None);
        broker.Time.Advance(TimeSpan.FromSeconds(6));

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => role.GetWebIdentityTokenAsync(Request()));

        Assert.Equal("ExpiredToken", error.ErrorCode);
    }
}
