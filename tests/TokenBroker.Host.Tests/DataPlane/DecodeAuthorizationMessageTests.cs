using System.Text.Json;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using TokenBroker.Host.Tests.Interop;
using static TokenBroker.Host.Tests.DataPlane.DataPlaneDirectory;

namespace TokenBroker.Host.Tests.DataPlane;

public class DecodeAuthorizationMessageTests(DataPlaneBrokerFixture broker) : IClassFixture<DataPlaneBrokerFixture>
{
    private async Task<string> DenialAsync()
    {
        broker.SyncClock();
        var url = "https://api.example.com/orders";
        var payload = DataPlaneBrokerFixture.Forwarded("POST", url, SdkRequestSigner.Sign("POST", new Uri(url), "orders", Bruno.AccessKeyId.Value, Bruno.SecretAccessKey));
        var (_, body) = await broker.AuthorizeAsync(payload);
        Assert.Equal("Deny", body.GetProperty("decision").GetString());
        return body.GetProperty("encodedMessage").GetString()!;
    }

    [Fact]
    public async Task Boto3_DecodeAuthorizationMessage_ReturnsAwsShape()
    {
        var encoded = await DenialAsync();
        const string script = """
            import json, sys, boto3
            sts = boto3.client("sts", endpoint_url=sys.argv[1], region_name="us-east-1")
            print(sts.decode_authorization_message(EncodedMessage=sys.argv[2])["DecodedMessage"])
            """;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("python3", ["-c", script, broker.Endpoint.ToString(), encoded],
            ExternalClient.Credentials(Bella.AccessKeyId.Value, Bella.SecretAccessKey));

        Assert.True(exit == 0, stderr);
        using var decoded = JsonDocument.Parse(stdout);
        var root = decoded.RootElement;
        Assert.False(root.GetProperty("allowed").GetBoolean());
        Assert.False(root.GetProperty("explicitDeny").GetBoolean());
        Assert.Equal(0, root.GetProperty("matchedStatements").GetProperty("items").GetArrayLength());
        Assert.Equal(0, root.GetProperty("failures").GetProperty("items").GetArrayLength());
        var context = root.GetProperty("context");
        Assert.Equal("arn:aws:iam::222222222222:user/bruno", context.GetProperty("principal").GetProperty("arn").GetString());
        Assert.Equal("bruno", context.GetProperty("principal").GetProperty("name").GetString());
        Assert.Equal("orders:CreateOrder", context.GetProperty("action").GetString());
        Assert.Equal("*", context.GetProperty("resource").GetString());
        var conditions = context.GetProperty("conditions").GetProperty("items").EnumerateArray()
            .ToDictionary(c => c.GetProperty("key").GetString()!, c => c.GetProperty("values").GetProperty("items")[0].GetProperty("value").GetString());
        Assert.Equal("us-east-1", conditions["aws:RequestedRegion"]);
        Assert.Equal("arn:aws:iam::222222222222:user/bruno", conditions["aws:PrincipalArn"]);
        Assert.Equal("bruno", conditions["aws:username"]);
    }

    [Fact]
    public async Task AwsCli_DecodeAuthorizationMessage_ExplicitDenyNamesTheStatement()
    {
        broker.SyncClock();
        var url = "https://api.example.com/orders/locked-1";
        var payload = DataPlaneBrokerFixture.Forwarded("DELETE", url, SdkRequestSigner.Sign("DELETE", new Uri(url), "orders", Bella.AccessKeyId.Value, Bella.SecretAccessKey));
        var (_, body) = await broker.AuthorizeAsync(payload);
        var encoded = body.GetProperty("encodedMessage").GetString()!;

        var (exit, stdout, stderr) = await ExternalClient.RunAsync("aws",
            ["sts", "decode-authorization-message", "--encoded-message", encoded, "--endpoint-url", broker.Endpoint.ToString(), "--output", "json"],
            ExternalClient.Credentials(Bella.AccessKeyId.Value, Bella.SecretAccessKey));

        Assert.True(exit == 0, stderr);
        using var response = JsonDocument.Parse(stdout);
        using var decoded = JsonDocument.Parse(response.RootElement.GetProperty("DecodedMessage").GetString()!);
        Assert.True(decoded.RootElement.GetProperty("explicitDeny").GetBoolean());
        var statement = decoded.RootElement.GetProperty("matchedStatements").GetProperty("items")[0];
        Assert.Equal("identity[0]#DenyordersDeleteOrder", statement.GetProperty("statementId").GetString());
        Assert.Equal("DENY", statement.GetProperty("effect").GetString());
    }

    [Fact]
    public async Task DecodeAuthorizationMessage_CallerWithoutPermission_AccessDenied()
    {
        var encoded = await DenialAsync();
        using var bruno = broker.Client(Bruno.AccessKeyId.Value, Bruno.SecretAccessKey);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            bruno.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest { EncodedMessage = encoded }));

        Assert.Equal("AccessDenied", error.ErrorCode);
        Assert.Contains("sts:DecodeAuthorizationMessage", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tamper")]
    [InlineData("newline")]
    [InlineData("garbage")]
    public async Task DecodeAuthorizationMessage_TamperedOrMalformed_InvalidAuthorizationMessageException(string kind)
    {
        var encoded = await DenialAsync();
        var message = kind switch
        {
            "tamper" => encoded[..20] + (encoded[20] == 'A' ? 'B' : 'A') + encoded[21..],
            "newline" => encoded[..10] + "\n" + encoded[10..],
            _ => "not-a-message",
        };
        using var bella = broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            bella.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest { EncodedMessage = message }));

        Assert.Equal("InvalidAuthorizationMessageException", error.ErrorCode);
        Assert.Equal(400, (int)error.StatusCode);
    }

    [Fact]
    public async Task DecodeAuthorizationMessage_CrossAccountDenial_DecodableByResourceOwnerOnlyOwnAccountsMessages()
    {
        broker.SyncClock();
        var url = "https://api.example.com/orders/1";
        var payload = DataPlaneBrokerFixture.Forwarded("GET", url, SdkRequestSigner.Sign("GET", new Uri(url), "orders", Alan.AccessKeyId.Value, Alan.SecretAccessKey));
        var (_, crossAccount) = await broker.AuthorizeAsync(payload);
        var own = await DenialAsync();
        using var bella = broker.Client(Bella.AccessKeyId.Value, Bella.SecretAccessKey);

        var decodedCross = await bella.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest { EncodedMessage = crossAccount.GetProperty("encodedMessage").GetString() });
        var decodedOwn = await bella.DecodeAuthorizationMessageAsync(new DecodeAuthorizationMessageRequest { EncodedMessage = own });

        Assert.Contains("arn:aws:iam::111111111111:user/alan", decodedCross.DecodedMessage, StringComparison.Ordinal);
        Assert.Contains("arn:aws:iam::222222222222:user/bruno", decodedOwn.DecodedMessage, StringComparison.Ordinal);
        var codec = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.DataPlane.AuthorizationMessageCodec>(broker.Services);
        Assert.Null(await codec.DecodeAsync(own, "111111111111", CancellationToken.None));
        Assert.NotNull(await codec.DecodeAsync(crossAccount.GetProperty("encodedMessage").GetString()!, "111111111111", CancellationToken.None));
    }

    [Fact]
    public async Task DecodeAuthorizationMessage_ExpiredMessage_InvalidAuthorizationMessageException()
    {
        var encoded = await DenialAsync();
        var codec = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.DataPlane.AuthorizationMessageCodec>(broker.Services);

        var fresh = await codec.DecodeAsync(encoded, "222222222222", CancellationToken.None);
        var later = new Core.DataPlane.AuthorizationMessageCodec(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Core.Credentials.SecretAccessKeyDeriver>(broker.Services),
            new Microsoft.Extensions.Time.Testing.FakeTimeProvider(broker.Time.GetUtcNow().AddHours(25)));
        var expired = await later.DecodeAsync(encoded, "222222222222", CancellationToken.None);

        Assert.NotNull(fresh);
        Assert.Null(expired);
    }
}
