using System.Text;
using System.Text.Json;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>What the runtime posted for one invocation: a response document, or an error with its type.</summary>
public sealed record RuntimeReply(string Kind, string ErrorType, string Json)
{
    public JsonElement Document => JsonDocument.Parse(Json).RootElement;

    public int StatusCode => Document.GetProperty("statusCode").GetInt32();

    public string Header(string name) => Document.GetProperty("headers").GetProperty(name).GetString()!;

    public string[] Cookies => Document.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()!).ToArray();

    /// <summary>The body bytes as text, decoded from base64 when the response says so.</summary>
    public string Body
    {
        get
        {
            var body = Document.GetProperty("body").GetString()!;
            return Document.GetProperty("isBase64Encoded").GetBoolean() ? Encoding.UTF8.GetString(Convert.FromBase64String(body)) : body;
        }
    }
}
