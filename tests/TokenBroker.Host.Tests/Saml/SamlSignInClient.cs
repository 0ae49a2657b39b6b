namespace TokenBroker.Host.Tests.Saml;

/// <summary>The browser sign-in over plain HTTP: the IdP's post of a fresh response, then the person's role choice.</summary>
public static class SamlSignInClient
{
    /// <summary>Posts a fresh response as the IdP would; returns the role page's state and the cookie bound to it.</summary>
    public static async Task<(string State, string Cookie)> SignInAsync(SamlBrokerFixture broker, HttpClient http)
    {
        var rolePage = await http.PostAsync("/saml", new FormUrlEncodedContent([new("SAMLResponse", broker.Issue(broker.Template()))]));
        var cookie = rolePage.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var state = (await rolePage.Content.ReadAsStringAsync()).Split("name=\"state\" value=\"")[1].Split('"')[0];
        return (state, cookie);
    }

    /// <summary>Chooses the reader role with the page's state and cookie.</summary>
    public static async Task<HttpResponseMessage> ChooseAsync(HttpClient http, string state, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/saml/role")
        {
            Content = new FormUrlEncodedContent([new("state", state), new("role", SamlDirectory.ReaderArn)]),
        };
        request.Headers.Add("Cookie", cookie);
        return await http.SendAsync(request);
    }
}
