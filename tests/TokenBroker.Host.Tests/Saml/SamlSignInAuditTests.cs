using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>
/// Every Host route that can issue credentials leaves exactly one audit record per issuance and per refusal: the
/// browser sign-in's routes here, the STS Query endpoint's issuing actions in AuditChokePointTests.
/// </summary>
public sealed class SamlSignInAuditTests(SamlBrokerFixture broker) : IClassFixture<SamlBrokerFixture>
{
    // The routes of the Host's route table that can issue credentials, each with one request that is refused (and,
    // for the role choice, one that issues). The STS Query endpoint is the fallback route: its issuing actions come
    // from its action table and are proved in AuditChokePointTests.
    private const string QueryEndpoint = "{*path:nonfile}";

    private static readonly Dictionary<string, Func<SamlBrokerFixture, HttpClient, Task<HttpResponseMessage>>[]> IssuingRoutes = new()
    {
        ["POST /saml"] =
        [
            (b, http) => http.PostAsync("/saml", Form(("SAMLResponse", TestIdp.Base64(b.Idp.Issue(b.Template(), b.Idp.Attacker))))),
        ],
        ["POST /saml/acs/{account}/{name}"] =
        [
            (b, http) => http.PostAsync("/saml/acs/111122223333/NoSuchProvider", Form(("SAMLResponse", b.Issue(b.Template())))),
        ],
        ["POST /saml/role"] =
        [
            async (b, http) => await SamlSignInClient.ChooseAsync(http, "no-state", "tokenbroker-saml=none"),
            async (b, http) =>
            {
                var (state, cookie) = await SamlSignInClient.SignInAsync(b, http);
                return await SamlSignInClient.ChooseAsync(http, state, cookie);
            },
        ],
        [QueryEndpoint] =
        [
            (b, http) => http.PostAsync("/", Form(("Action", "AssumeRoleWithSAML"), ("Version", "2011-06-15"), ("RoleArn", SamlDirectory.ReaderArn),
                ("PrincipalArn", SamlDirectory.ProviderArn), ("SAMLAssertion", "PHg+"))),
        ],
    };

    // Every other route, named so that a new route fails RouteTable_EveryRoute_ClassifiedAsIssuingOrNot until someone
    // decides whether it issues credentials (and, if it does, adds its audit case above).
    private static readonly string[] NonIssuingRoutes =
    [
        "* /health", "* /health/live", "* /health/ready", "* /metrics",
        "GET /oidc/{account}/.well-known/openid-configuration", "GET /oidc/{account}/.well-known/jwks.json",
        "POST /authorize", "* /forward-auth/{prefix}", "* /forward-auth/{prefix}/{**path}",
    ];

    [Fact]
    public void RouteTable_EveryRoute_ClassifiedAsIssuingOrNot()
    {
        var routes = broker.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(Describe).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

        Assert.Equal(IssuingRoutes.Keys.Concat(NonIssuingRoutes).Order(StringComparer.Ordinal), routes);
    }

    [Fact]
    public async Task IssuingRoutes_EachIssuanceOrRefusal_ExactlyOneRecord()
    {
        broker.SyncClock();
        using var http = NoCookies();
        var outcomes = new List<AuditOutcome>();
        foreach (var (route, requests) in IssuingRoutes)
        {
            foreach (var send in requests)
            {
                var before = await RecordsAsync();
                using var response = await send(broker, http);
                var record = Assert.Single(await NewRecordsAsync(before));
                Assert.Equal((route, "AssumeRoleWithSAML", response.IsSuccessStatusCode ? AuditOutcome.Success : AuditOutcome.Failure),
                    (route, record.Action, record.Outcome));
                outcomes.Add(record.Outcome);
            }
        }

        Assert.Contains(AuditOutcome.Success, outcomes);
        Assert.Equal(IssuingRoutes.Values.Sum(r => r.Length), outcomes.Count);
    }
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

    private static string Describe(RouteEndpoint endpoint)
    {
        var pattern = endpoint.RoutePattern.RawText ?? "";
        if (pattern == QueryEndpoint)
        {
            return pattern;
        }

        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
        return (methods is { Count: > 0 } ? string.Join(",", methods) : "*") + " " + (pattern.StartsWith('/') ? pattern : "/" + pattern);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));

    private HttpClient NoCookies() => new(new HttpClientHandler { UseCookies = false }) { BaseAddress = broker.Endpoint };

    private async Task<IReadOnlyList<AuditRecord>> RecordsAsync() =>
        await broker.Services.GetRequiredService<IAuditLog>().QueryAsync(new AuditQuery(null, null, 10_000), CancellationToken.None);

    private async Task<List<AuditRecord>> NewRecordsAsync(IReadOnlyList<AuditRecord> before)
    {
        var known = before.Select(r => r.RequestId).ToHashSet(StringComparer.Ordinal);
        return (await RecordsAsync()).Where(r => !known.Contains(r.RequestId)).ToList();
    }
}
