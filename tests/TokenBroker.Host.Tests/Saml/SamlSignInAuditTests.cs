using System.Net;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>The browser sign-in issues credentials too: each role choice and each refused sign-in leaves exactly one audit record.</summary>
public sealed class SamlSignInAuditTests(SamlBrokerFixture broker) : IClassFixture<SamlBrokerFixture>
{
    [Fact]
    public async Task SamlSignIn_PickRole_OneSuccessRecordWithTheIssuedKey()
    {
        broker.SyncClock();
        using var http = NoCookies();
        var before = await RecordsAsync();
        var (state, cookie) = await SamlSignInClient.SignInAsync(broker, http);

        var choice = await SamlSignInClient.ChooseAsync(http, state, cookie);

        var html = await choice.Content.ReadAsStringAsync();
        var added = Assert.Single(await NewRecordsAsync(before));
        Assert.Equal(HttpStatusCode.OK, choice.StatusCode);
        Assert.Equal(("AssumeRoleWithSAML", AuditOutcome.Success, SamlDirectory.ReaderArn), (added.Action, added.Outcome, added.RoleArn));
        Assert.Contains(added.IssuedAccessKeyId!, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamlSignIn_StateUsedTwice_OneRecordEachChoice()
    {
        broker.SyncClock();
        using var http = NoCookies();
        var (state, cookie) = await SamlSignInClient.SignInAsync(broker, http);
        var before = await RecordsAsync();

        await SamlSignInClient.ChooseAsync(http, state, cookie);
        var replayed = await SamlSignInClient.ChooseAsync(http, state, cookie);

        var added = await NewRecordsAsync(before);
        Assert.Equal(HttpStatusCode.Forbidden, replayed.StatusCode);
        Assert.Equal(new[] { AuditOutcome.Failure, AuditOutcome.Success }.Order(), added.Select(r => r.Outcome).Order());
    }

    [Fact]
    public async Task SamlSignIn_ResponseSignedByAttackerKey_OneRefusalRecord()
    {
        broker.SyncClock();
        using var http = NoCookies();
        var before = await RecordsAsync();

        var page = await http.PostAsync("/saml", new FormUrlEncodedContent(
            [new("SAMLResponse", TestIdp.Base64(broker.Idp.Issue(broker.Template(), broker.Idp.Attacker)))]));

        var added = Assert.Single(await NewRecordsAsync(before));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Equal(("AssumeRoleWithSAML", AuditOutcome.Failure, "InvalidIdentityToken"), (added.Action, added.Outcome, added.ErrorCode));
    }

    [Fact]
    public async Task SamlSignIn_PostWithoutResponse_OneRefusalRecord()
    {
        using var http = NoCookies();
        var before = await RecordsAsync();

        await http.PostAsync("/saml", new FormUrlEncodedContent([new("RelayState", "x")]));

        Assert.Equal(AuditOutcome.Failure, Assert.Single(await NewRecordsAsync(before)).Outcome);
    }

    private HttpClient NoCookies() => new(new HttpClientHandler { UseCookies = false }) { BaseAddress = broker.Endpoint };

    private async Task<IReadOnlyList<AuditRecord>> RecordsAsync() =>
        await broker.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(null, null, 10_000), CancellationToken.None);

    private async Task<List<AuditRecord>> NewRecordsAsync(IReadOnlyList<AuditRecord> before)
    {
        var known = before.Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
        return (await RecordsAsync()).Where(r => !known.Contains(r.RequestId)).ToList();
    }
}
