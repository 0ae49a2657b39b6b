using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>One-change edits of a signed request, for tampering and malformed-input tests.</summary>
internal static class SigV4RequestEdits
{
    public static string Header(this SigV4Request request, string name) =>
        request.Headers.First(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

    public static SigV4Request WithHeader(this SigV4Request request, string name, string value) =>
        request.WithoutHeader(name).AddHeader(name, value);

    public static SigV4Request AddHeader(this SigV4Request request, string name, string value) =>
        request with { Headers = [.. request.Headers, KeyValuePair.Create(name, value)] };

    public static SigV4Request WithoutHeader(this SigV4Request request, string name) =>
        request with { Headers = request.Headers.Where(h => !string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).ToList() };

    public static SigV4Request EditHeader(this SigV4Request request, string name, Func<string, string> edit) =>
        request.WithHeader(name, edit(request.Header(name)));

    public static SigV4Request EditQuery(this SigV4Request request, Func<string, string> edit) =>
        request with { RawQuery = edit(request.RawQuery) };

    public static SigV4Request WithBody(this SigV4Request request, string body) =>
        request with { Body = System.Text.Encoding.UTF8.GetBytes(body) };
}
