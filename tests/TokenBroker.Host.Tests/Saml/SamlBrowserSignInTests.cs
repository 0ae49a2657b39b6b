using System.Net;
using System.Security;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Microsoft.Playwright;
using TokenBroker.Host.Tests.EndToEnd;

namespace TokenBroker.Host.Tests.Saml;

/// <summary>
/// The browser sign-in in headless chromium: an IdP page (served by route interception from another site) auto-submits
/// an xmlsec1-signed response to POST /saml, the person picks a role, and the page's credentials work with the SDK.
/// </summary>
public sealed class SamlBrowserSignInTests(SamlBrokerFixture broker, ChromiumFixture chromium)
    : IClassFixture<SamlBrokerFixture>, IClassFixture<ChromiumFixture>
{
    private const string IdpPage = "http://idp.example.test/sso";
    private const string AttackerPage = "http://attacker.example.test/";

    private static string AutoPost(string action, params (string Name, string Value)[] fields) =>
        "<!DOCTYPE html><html><body><form method=\"post\" action=\"" + SecurityElement.Escape(action) + "\">" +
        string.Concat(fields.Select(f => $"<input type=\"hidden\" name=\"{f.Name}\" value=\"{SecurityElement.Escape(f.Value)}\">")) +
        "</form><script>document.forms[0].submit()</script></body></html>";

    private static async Task ServeAsync(IPage page, string url, string html) =>
        await page.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = html }));

    /// <summary>Opens the IdP page, which posts the response to the broker; returns the role page's response.</summary>
    private async Task<IResponse> PostFromIdpAsync(IPage page, string samlResponse, string? acsUrl = null)
    {
        acsUrl ??= broker.AcsUrl;
        await ServeAsync(page, IdpPage, AutoPost(acsUrl, ("SAMLResponse", samlResponse), ("RelayState", "<script>alert(1)</script>")));
        return await NavigateAsync(page, () => page.GotoAsync(IdpPage), acsUrl);
    }

    /// <summary>Runs <paramref name="action"/> and waits until the page shows the document <paramref name="url"/> answered with.</summary>
    private static async Task<IResponse> NavigateAsync(IPage page, Func<Task> action, string url)
    {
        var response = await page.RunAndWaitForResponseAsync(action, r => r.Url == url && r.Request.IsNavigationRequest);

        // The URL is polled and the page's <main> awaited, not a lifecycle event: a clean CI run once timed out waiting
        // for the "load" event of a page that had committed and gone network-idle.
        await Assertions.Expect(page).ToHaveURLAsync(url);
        await page.Locator("main").WaitForAsync();
        return response;
    }

    [Fact]
    public async Task SamlSignIn_PickRole_ShowsCredentialsThatWorkWithTheSdk()
    {
        broker.SyncClock();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) => violations.Add(message.Text);

        var rolePage = await PostFromIdpAsync(page, broker.Issue(broker.Template()));

        Assert.Equal(200, rolePage.Status);
        Assert.Equal("alice@example.com", await page.Locator("#subject").InnerTextAsync());
        var rows = await page.Locator("tbody tr").AllInnerTextsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Contains(rows, r => r.Contains("111122223333", StringComparison.Ordinal) && r.Contains("SamlReader", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("SamlAdmin", StringComparison.Ordinal));
        Assert.DoesNotContain("alert(1)", await page.ContentAsync(), StringComparison.Ordinal);

        var credentialsPage = await NavigateAsync(page, () => page.ClickAsync($"button[value='{SamlDirectory.ReaderArn}']"), broker.AcsUrl + "/role");

        Assert.Equal(200, credentialsPage.Status);
        var exports = await page.Locator("#export").InnerTextAsync();
        var process = JsonDocument.Parse(await page.Locator("#credential-process").InnerTextAsync()).RootElement;
        var file = await page.Locator("#credentials-file").InnerTextAsync();
        var expiration = await page.Locator("#expiration").InnerTextAsync();
        Assert.Equal(1, process.GetProperty("Version").GetInt32());
        Assert.Equal(expiration, process.GetProperty("Expiration").GetString());
        var accessKeyId = process.GetProperty("AccessKeyId").GetString()!;
        var secret = process.GetProperty("SecretAccessKey").GetString()!;
        var token = process.GetProperty("SessionToken").GetString()!;
        Assert.Contains($"export AWS_ACCESS_KEY_ID='{accessKeyId}'", exports, StringComparison.Ordinal);
        Assert.Contains($"export AWS_SECRET_ACCESS_KEY='{secret}'", exports, StringComparison.Ordinal);
        Assert.Contains($"export AWS_SESSION_TOKEN='{token}'", exports, StringComparison.Ordinal);
        Assert.StartsWith("[111122223333-SamlReader]\naws_access_key_id = " + accessKeyId, file, StringComparison.Ordinal);
        Assert.Empty(violations);

        using var sts = broker.Client(new SessionAWSCredentials(accessKeyId, secret, token));
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlReader/alice@example.com", identity.Arn);
    }

    [Fact]
    public async Task SamlSignIn_EncryptedResponseAtProviderAcsUrl_ShowsCredentialsThatWorkWithTheSdk()
    {
        broker.SyncClock();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var template = broker.EncryptedProviderTemplate() with { Recipient = broker.EncryptedProviderAcsUrl };

        var rolePage = await PostFromIdpAsync(page, broker.IssueEncryptedTo(template, broker.Idp.NextServiceProvider), broker.EncryptedProviderAcsUrl);

        Assert.Equal(200, rolePage.Status);
        Assert.Contains("SamlEncrypted", Assert.Single(await page.Locator("tbody tr").AllInnerTextsAsync()), StringComparison.Ordinal);
        var credentialsPage = await NavigateAsync(page, () => page.ClickAsync($"button[value='{SamlDirectory.EncryptedRoleArn}']"), broker.AcsUrl + "/role");
        Assert.Equal(200, credentialsPage.Status);
        var process = JsonDocument.Parse(await page.Locator("#credential-process").InnerTextAsync()).RootElement;
        using var sts = broker.Client(new SessionAWSCredentials(
            process.GetProperty("AccessKeyId").GetString(), process.GetProperty("SecretAccessKey").GetString(), process.GetProperty("SessionToken").GetString()));
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::111122223333:assumed-role/SamlEncrypted/alice@example.com", identity.Arn);
    }

    [Fact]
    public async Task SamlSignIn_EncryptedResponseAtSharedAcsUrl_RejectedUniformly()
    {
        // The shared /saml finds the provider in the Role attribute, which an encrypted assertion hides.
        broker.SyncClock();
        using var http = broker.Http();

        var page = await http.PostAsync("/saml", new FormUrlEncodedContent([new("SAMLResponse", broker.Issue(broker.Template(signResponse: true, encryptAssertion: true)))]));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("InvalidIdentityToken: Response signature invalid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamlSignIn_PlainResponseAtProviderAcsUrlWhenEncryptionRequired_Rejected()
    {
        broker.SyncClock();
        using var http = broker.Http();
        var template = broker.EncryptedProviderTemplate() with { Recipient = broker.EncryptedProviderAcsUrl };

        var page = await http.PostAsync(new Uri(broker.EncryptedProviderAcsUrl), new FormUrlEncodedContent([new("SAMLResponse", broker.Issue(template))]));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("InvalidIdentityToken: Response signature invalid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SamlSignIn_ResponseForAnotherProviderAcsUrl_Rejected()
    {
        // A response addressed to TestIdp's own ACS URL is not for TestIdpEncrypted: the Recipient is per provider.
        broker.SyncClock();
        using var http = broker.Http();
        var template = broker.EncryptedProviderTemplate() with { Recipient = broker.AcsUrl + "/acs/111122223333/TestIdp" };

        var page = await http.PostAsync(new Uri(broker.EncryptedProviderAcsUrl),
            new FormUrlEncodedContent([new("SAMLResponse", broker.IssueEncryptedTo(template, broker.Idp.ServiceProvider))]));

        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("InvalidIdentityToken: Response signature invalid", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamlSignIn_Pages_CarryStrictSecurityHeaders()
    {
        broker.SyncClock();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();

        var rolePage = await PostFromIdpAsync(page, broker.Issue(broker.Template()));

        var headers = await rolePage.AllHeadersAsync();
        Assert.StartsWith("default-src 'none'; style-src 'sha256-", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("form-action 'self'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"], StringComparison.Ordinal);
        Assert.Equal("DENY", headers["x-frame-options"]);
        Assert.Equal("no-store", headers["cache-control"]);
        // The hashed inline style applies: the CSP allows it and nothing else.
        Assert.Equal("rgb(204, 204, 204)", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('th')).borderBottomColor"));
    }

    [Fact]
    public async Task SamlSignIn_CrossSiteRoleChoiceCsrf_Rejected()
    {
        broker.SyncClock();
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PostFromIdpAsync(page, broker.Issue(broker.Template()));
        var state = await page.Locator("input[name=state]").GetAttributeAsync("value");

        // Even an attacker who learned the state cannot make the victim's browser choose a role from another site:
        // the SameSite=Strict cookie stays behind and the Origin is not the broker's.
        await ServeAsync(page, AttackerPage, AutoPost(broker.AcsUrl + "/role", ("state", state!), ("role", SamlDirectory.AdminArn)));
        var response = await NavigateAsync(page, () => page.GotoAsync(AttackerPage), broker.AcsUrl + "/role");

        Assert.Equal(403, response.Status);
        Assert.StartsWith("AccessDenied", await page.Locator("#error").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamlSignIn_ReplayedResponse_Rejected()
    {
        broker.SyncClock();
        var samlResponse = broker.Issue(broker.Template());
        await using var context = await chromium.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await PostFromIdpAsync(page, samlResponse);

        var replay = await PostFromIdpAsync(page, samlResponse);

        Assert.Equal(400, replay.Status);
        Assert.Equal("InvalidIdentityToken: Response signature invalid", await page.Locator("#error").InnerTextAsync());
    }

    [Fact]
    public async Task SamlSignIn_StateWithoutCookie_Rejected()
    {
        broker.SyncClock();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = broker.Endpoint };
        var rolePage = await http.PostAsync("/saml", new FormUrlEncodedContent([new("SAMLResponse", broker.Issue(broker.Template()))]));
        var html = await rolePage.Content.ReadAsStringAsync();
        var state = html.Split("name=\"state\" value=\"")[1].Split('"')[0];

        var choice = await http.PostAsync("/saml/role", new FormUrlEncodedContent([new("state", state), new("role", SamlDirectory.ReaderArn)]));

        Assert.Equal(HttpStatusCode.Forbidden, choice.StatusCode);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", await choice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamlSignIn_StateUsedTwice_Rejected()
    {
        broker.SyncClock();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = broker.Endpoint };
        var (state, cookie) = await SamlSignInClient.SignInAsync(broker, http);

        var first = await SamlSignInClient.ChooseAsync(http, state, cookie);
        var second = await SamlSignInClient.ChooseAsync(http, state, cookie);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, second.StatusCode);
    }

    /// <summary>Lambda runs several instances: the role choice may reach another one than the IdP's post did.</summary>
    [Fact]
    public async Task SamlSignIn_ChoiceOnAnotherInstance_IssuesOnceAcrossInstances()
    {
        broker.SyncClock();
        await using var other = await broker.StartInstanceAsync();
        using var first = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = broker.Endpoint };
        using var second = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = BrokerFixture.AddressOf(other) };
        var (state, cookie) = await SamlSignInClient.SignInAsync(broker, first);

        var onOther = await SamlSignInClient.ChooseAsync(second, state, cookie);
        var againOnFirst = await SamlSignInClient.ChooseAsync(first, state, cookie);

        Assert.Equal(HttpStatusCode.OK, onOther.StatusCode);
        Assert.Contains("AWS_SECRET_ACCESS_KEY", await onOther.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, againOnFirst.StatusCode);
    }

    /// <summary>The state is sealed: changing one character of it, or cutting it short, is refused.</summary>
    [Fact]
    public async Task SamlSignIn_TamperedState_Rejected()
    {
        broker.SyncClock();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = broker.Endpoint };
        var (state, cookie) = await SamlSignInClient.SignInAsync(broker, http);
        var middle = state.Length / 2;
        var tampered = state[..middle] + (state[middle] == 'A' ? 'B' : 'A') + state[(middle + 1)..];

        var choice = await SamlSignInClient.ChooseAsync(http, tampered, cookie);
        var truncated = await SamlSignInClient.ChooseAsync(http, state[..40], cookie);

        Assert.Equal(HttpStatusCode.Forbidden, choice.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, truncated.StatusCode);
        Assert.DoesNotContain("AWS_SECRET_ACCESS_KEY", await choice.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The page never carries the response readable: the state does not contain the assertion's text.</summary>
    [Fact]
    public async Task SamlSignIn_RolePage_DoesNotCarryTheResponseReadable()
    {
        broker.SyncClock();
        using var http = new HttpClient(new HttpClientHandler { UseCookies = false }) { BaseAddress = broker.Endpoint };
        var samlResponse = broker.Issue(broker.Template());
        var html = await (await http.PostAsync("/saml", new FormUrlEncodedContent([new("SAMLResponse", samlResponse)]))).Content.ReadAsStringAsync();

        Assert.DoesNotContain(samlResponse[..64], html, StringComparison.Ordinal);
        Assert.DoesNotContain("Assertion", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SamlSignIn_ResponseSignedByAttackerKey_Rejected()
    {
        broker.SyncClock();
        using var http = broker.Http();
        var xml = broker.Idp.Issue(broker.Template(), broker.Idp.Attacker);

        var page = await http.PostAsync("/saml", new FormUrlEncodedContent([new("SAMLResponse", TestIdp.Base64(xml))]));

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains("InvalidIdentityToken: Response signature invalid", html, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"state\"", html, StringComparison.Ordinal);
        Assert.False(page.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task SamlSignIn_MarkupInNameId_IsEscaped()
    {
        broker.SyncClock();
        using var http = broker.Http();
        var template = broker.Template() with { NameId = "<img src=x onerror=alert(1)>\"'&" };

        var page = await http.PostAsync("/saml", new FormUrlEncodedContent([new("SAMLResponse", broker.Issue(template))]));

        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotContain("<img", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }
}
