using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TokenBroker.Core.Authentication.Saml;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Saml;

/// <summary>
/// The sign-in pages: plain server-rendered HTML with no script and no external asset, every value HTML-encoded, the
/// one inline style allowed by its hash in a Content-Security-Policy that otherwise allows nothing.
/// </summary>
internal static class SamlSignInPage
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem;color:#1b1b1b}" +
        "table{border-collapse:collapse}td,th{padding:.4rem .8rem;border-bottom:1px solid #ccc;text-align:left}" +
        "pre{background:#f4f4f4;padding:.8rem;white-space:pre-wrap;word-break:break-all;user-select:all}" +
        "button{padding:.3rem .9rem}.error{color:#a00}";

    /// <summary>default-src 'none'; the style by hash; forms only to this origin; never framed.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; style-src 'sha256-{Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Style)))}'; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private static readonly HtmlEncoder Html = HtmlEncoder.Default;

    /// <summary>The roles the validated response allows through its provider, each a submit button of one form.</summary>
    public static string Roles(ValidatedSamlResponse response, string state)
    {
        var body = new StringBuilder();
        body.Append("<h1>Choose a role</h1><p>Signed in as <strong id=\"subject\">").Append(Html.Encode(response.Subject))
            .Append("</strong> through <span id=\"provider\">").Append(Html.Encode(response.Provider.Arn.ToString())).Append("</span>.</p>")
            .Append("<form method=\"post\" action=\"/saml/role\"><input type=\"hidden\" name=\"state\" value=\"").Append(Html.Encode(state)).Append("\">")
            .Append("<table><thead><tr><th>Account</th><th>Role</th><th></th></tr></thead><tbody>");
        foreach (var pair in response.Roles.Where(p => p.PrincipalArn == response.Provider.Arn && p.RoleArn.Account == response.Provider.Account.Value).DistinctBy(p => p.RoleArn.ToString()))
        {
            var roleName = pair.RoleArn.Name;
            body.Append("<tr><td>").Append(Html.Encode(pair.RoleArn.Account)).Append("</td><td>").Append(Html.Encode(roleName))
                .Append("</td><td><button type=\"submit\" name=\"role\" value=\"").Append(Html.Encode(pair.RoleArn.ToString()))
                .Append("\">Sign in</button></td></tr>");
        }

        body.Append("</tbody></table></form>");
        return Document("Choose a role", body.ToString());
    }

    /// <summary>The session's credentials as shell exports, a shared-credentials block and credential_process JSON.</summary>
    public static string Credentials(AssumeRoleWithSamlResult result)
    {
        var credentials = result.Issued.Credentials;
        var expiration = StsXml.Timestamp(credentials.Expiration);
        var profile = ProfileName(result);
        var exports =
            $"export AWS_ACCESS_KEY_ID='{credentials.AccessKeyId.Value}'\n" +
            $"export AWS_SECRET_ACCESS_KEY='{credentials.SecretAccessKey}'\n" +
            $"export AWS_SESSION_TOKEN='{credentials.SessionToken}'";
        var file =
            $"[{profile}]\n" +
            $"aws_access_key_id = {credentials.AccessKeyId.Value}\n" +
            $"aws_secret_access_key = {credentials.SecretAccessKey}\n" +
            $"aws_session_token = {credentials.SessionToken}";
        var body = new StringBuilder();
        body.Append("<h1>Credentials</h1><p>Role session <strong id=\"arn\">").Append(Html.Encode(result.AssumedRoleArn))
            .Append("</strong>, expires at <time id=\"expiration\">").Append(Html.Encode(expiration)).Append("</time>.</p>")
            .Append("<h2>Shell</h2><pre id=\"export\">").Append(Html.Encode(exports)).Append("</pre>")
            .Append("<h2>~/.aws/credentials</h2><pre id=\"credentials-file\">").Append(Html.Encode(file)).Append("</pre>")
            .Append("<h2>credential_process</h2><p>The JSON a <code>credential_process</code> command prints:</p><pre id=\"credential-process\">")
            .Append(Html.Encode(CredentialProcessJson(result, expiration))).Append("</pre>");
        return Document("Credentials", body.ToString());
    }

    /// <summary>A failed sign-in: the STS error code and its uniform message, nothing more.</summary>
    public static string Error(StsError error) =>
        Document("Sign-in failed", "<h1>Sign-in failed</h1><p class=\"error\" id=\"error\">" + Html.Encode(error.Code) + ": " + Html.Encode(error.Message) + "</p>");

    private static string Document(string title, string body) =>
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"same-origin\"><title>TokenBroker – " +
        Html.Encode(title) + "</title><style>" + Style + "</style></head><body><main>" + body + "</main></body></html>";

    // account-role, a name the AWS CLI accepts as a profile.
    private static string ProfileName(AssumeRoleWithSamlResult result)
    {
        var roleArn = result.Issued.Claims.IssuerArn;
        return roleArn.Account + "-" + roleArn.Name;
    }

    // The credential_process output format of the AWS CLI and SDKs (sdkref-credential_process: Version 1).
    private static string CredentialProcessJson(AssumeRoleWithSamlResult result, string expiration)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var credentials = result.Issued.Credentials;
            json.WriteStartObject();
            json.WriteNumber("Version", 1);
            json.WriteString("AccessKeyId", credentials.AccessKeyId.Value);
            json.WriteString("SecretAccessKey", credentials.SecretAccessKey);
            json.WriteString("SessionToken", credentials.SessionToken);
            json.WriteString("Expiration", expiration);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
