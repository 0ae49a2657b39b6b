using System.Text;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Operations;
using TokenBroker.Host.Hosting;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Saml;

/// <summary>
/// Browser sign-in. POST /saml (or a provider's own POST /saml/acs/ACCOUNT/NAME) takes the IdP's form post
/// (SAMLResponse, RelayState), validates the response once (signature, decryption, conditions, replay) and lists its
/// roles; POST /saml/role takes the person's choice, which is honoured only with the page's single-use sealed state and
/// the SameSite=Strict cookie bound to it, and shows the credentials.
/// </summary>
internal sealed class SamlSignInEndpoint(
    BrokerSettings settings,
    SamlSignInOperation operation,
    SamlSignInStates states,
    ILogger<SamlSignInEndpoint> logger)
{
    /// <summary>The cookie that binds a role choice to the browser that received the role page.</summary>
    public const string BindingCookie = "tokenbroker-saml";

    /// <summary>Handles the IdP's POST of a SAML response. RelayState is accepted and ignored: it is never reflected or followed.</summary>
    public Task ReceiveResponseAsync(HttpContext context) =>
        AnswerUnreadableBodyAsync(context, c => ReceiveAsync(c, SamlProviderHints.Read));

    /// <summary>
    /// Handles the IdP's POST to a provider's own ACS URL (/saml/acs/ACCOUNT/NAME): the response is validated for that
    /// provider only. This is how an encrypted response, whose Role attribute cannot be read before decryption, finds
    /// the keys that decrypt it.
    /// </summary>
    public Task ReceiveProviderResponseAsync(HttpContext context)
    {
        var account = context.Request.RouteValues["account"] as string;
        var name = context.Request.RouteValues["name"] as string;
        return AnswerUnreadableBodyAsync(context, c => ReceiveAsync(c, _ => [$"arn:aws:iam::{account}:saml-provider/{name}"]));
    }

    private async Task ReceiveAsync(HttpContext context, Func<string, IReadOnlyList<string>> providers)
    {
        var form = await ReadFormAsync(context);
        var samlResponse = form?["SAMLResponse"] is { Count: 1 } values ? values[0] : null;
        var validated = await operation.ReceiveAsync(samlResponse, samlResponse is null ? [] : providers(samlResponse), Call(context), context.RequestAborted);
        if (!validated.IsSuccess)
        {
            await WriteAsync(context, validated.Error.HttpStatus, SamlSignInPage.Error(validated.Error));
            return;
        }

        // Only a posted response validates.
        var posted = samlResponse ?? throw new InvalidOperationException("A sign-in without a response was accepted.");
        var added = await states.SealAsync(posted, validated.Value.Provider.Arn.ToString(), context.RequestAborted);
        context.Response.Cookies.Append(BindingCookie, added.Binding, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = "/saml",
            MaxAge = SamlSignInStates.Lifetime,
            IsEssential = true,
        });
        await WriteAsync(context, StatusCodes.Status200OK, SamlSignInPage.Roles(validated.Value, added.State));
    }

    /// <summary>Handles the role choice posted by the role page.</summary>
    public Task ChooseRoleAsync(HttpContext context) => AnswerUnreadableBodyAsync(context, ChooseAsync);

    private async Task ChooseAsync(HttpContext context)
    {
        var form = IsSameOrigin(context) ? await ReadFormAsync(context) : null;
        var state = form?["state"] is { Count: 1 } stateValues ? stateValues[0] : null;
        var roleArn = form?["role"] is { Count: 1 } roleValues ? roleValues[0] : null;
        var taken = await states.TakeAsync(state, context.Request.Cookies[BindingCookie], context.RequestAborted);
        context.Response.Cookies.Delete(BindingCookie, new CookieOptions { Path = "/saml", Secure = context.Request.IsHttps, SameSite = SameSiteMode.Strict });
        var choice = taken is { } pending && roleArn is not null ? new SamlRoleChoice(pending.SamlResponse, pending.ProviderArn, roleArn) : null;
        var result = await operation.ChooseRoleAsync(choice, Call(context), context.RequestAborted);
        await (result.IsSuccess
            ? WriteAsync(context, StatusCodes.Status200OK, SamlSignInPage.Credentials(result.Value))
            : WriteAsync(context, result.Error.HttpStatus, SamlSignInPage.Error(result.Error)));
    }

    private CallContext Call(HttpContext context) => CallContexts.Unsigned(context, RequestIds.New(), settings);

    /// <summary>
    /// The posted form, or null for anything else. Only application/x-www-form-urlencoded is read: the HTTP-POST binding
    /// posts that (SAML Bindings §3.5.4), and a multipart parser would only add input that can fail.
    /// </summary>
    private async Task<IFormCollection?> ReadFormAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsUrlEncodedForm(request.ContentType) || request.ContentLength > settings.MaxBodyBytes)
        {
            return null;
        }

        try
        {
            return await request.ReadFormAsync(context.RequestAborted);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>A body Kestrel stopped reading (too slow, too large, badly framed) is answered 408/413/400 with a warning.</summary>
    private async Task AnswerUnreadableBodyAsync(HttpContext context, Func<HttpContext, Task> handle)
    {
        try
        {
            await handle(context);
        }
        catch (BadHttpRequestException exception)
        {
            UnreadableBody.Log(logger, context.TraceIdentifier, exception.StatusCode);
            var error = UnreadableBody.Error(exception);
            if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
            {
                await WriteAsync(context, error.HttpStatus, SamlSignInPage.Error(error));
            }
        }
    }

    private static bool IsUrlEncodedForm(string? contentType) =>
        Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && string.Equals(parsed.MediaType.Value, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);

    // Defence in depth beside the SameSite=Strict cookie: a browser's Origin, when sent, must be this broker's own.
    private static bool IsSameOrigin(HttpContext context)
    {
        var origin = context.Request.Headers.Origin;
        if (origin.Count == 0)
        {
            return true;
        }

        var own = context.Request.Scheme + "://" + context.Request.Host.Value;
        return origin.Count == 1 && string.Equals(origin[0], own, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task WriteAsync(HttpContext context, int status, string html)
    {
        var response = context.Response;
        var headers = response.Headers;
        headers.ContentSecurityPolicy = SamlSignInPage.ContentSecurityPolicy;
        headers.XFrameOptions = "DENY";
        headers.CacheControl = "no-store";
        headers.Pragma = "no-cache";
        headers.XContentTypeOptions = "nosniff";
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the role form's POST (Fetch §3.2.5).
        headers["Referrer-Policy"] = "same-origin";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        response.StatusCode = status;
        response.ContentType = "text/html; charset=utf-8";
        var body = Encoding.UTF8.GetBytes(html);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }
}
