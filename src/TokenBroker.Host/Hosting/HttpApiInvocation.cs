using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace TokenBroker.Host.Hosting;

/// <summary>
/// Runs one payload 2.0 event through the ASP.NET Core pipeline. The request keeps the bytes the client signed: the
/// raw path and query, the host header API Gateway forwards (the execute-api or custom domain), and the body decoded
/// from base64 when API Gateway encoded it.
/// </summary>
internal static class HttpApiInvocation
{
    public static async Task<HttpApiResponse> RunAsync<TContext>(
        IHttpApplication<TContext> application, HttpApiRequest request, string lambdaRequestId, CancellationToken aborted)
        where TContext : notnull
    {
        var body = request.Body is null ? [] : request.IsBase64Encoded ? Convert.FromBase64String(request.Body) : System.Text.Encoding.UTF8.GetBytes(request.Body);
        using var requestBody = new MemoryStream(body, writable: false);
        using var responseBody = new MemoryStream();
        var response = new LambdaResponseFeature();
        var features = new FeatureCollection();
        features.Set<IHttpRequestFeature>(RequestFeature(request, body.Length, requestBody));
        features.Set<IHttpResponseFeature>(response);
        features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(responseBody));
        features.Set<IHttpConnectionFeature>(new HttpConnectionFeature
        {
            RemoteIpAddress = IPAddress.TryParse(request.RequestContext?.Http?.SourceIp, out var ip) ? ip : null,
            ConnectionId = lambdaRequestId,
        });
        features.Set<IHttpRequestIdentifierFeature>(new HttpRequestIdentifierFeature { TraceIdentifier = request.RequestContext?.RequestId ?? lambdaRequestId });
        features.Set<IHttpRequestLifetimeFeature>(new HttpRequestLifetimeFeature { RequestAborted = aborted });

        var context = application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context);
            await response.StartAsync();
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            application.DisposeContext(context, failure);
            await response.CompleteAsync();
        }

        return ToResponse(response, responseBody.ToArray());
    }

    private static HttpRequestFeature RequestFeature(HttpApiRequest request, int bodyLength, Stream body)
    {
        var rawPath = string.IsNullOrEmpty(request.RawPath) ? "/" : request.RawPath;
        var rawQuery = request.RawQueryString ?? "";
        var headers = new HeaderDictionary();
        foreach (var (name, value) in request.Headers ?? new Dictionary<string, string>())
        {
            headers.Append(name, value);
        }

        if (request.Cookies is { Count: > 0 } cookies)
        {
            // Payload 2.0 moves Cookie headers into cookies[]; put them back as one Cookie header (RFC 6265 §5.4).
            headers[HeaderNames.Cookie] = string.Join("; ", cookies);
        }

        if (!headers.ContainsKey(HeaderNames.Host) && request.RequestContext?.DomainName is { Length: > 0 } domain)
        {
            headers[HeaderNames.Host] = domain;
        }

        if (bodyLength > 0 && !headers.ContainsKey(HeaderNames.ContentLength))
        {
            headers.ContentLength = bodyLength;
        }

        return new HttpRequestFeature
        {
            Protocol = request.RequestContext?.Http?.Protocol ?? "HTTP/1.1",
            Scheme = "https",
            Method = request.RequestContext!.Http!.Method!,
            PathBase = "",
            Path = PathString.FromUriComponent(rawPath).Value ?? "/",
            QueryString = rawQuery.Length == 0 ? "" : "?" + rawQuery,
            RawTarget = rawQuery.Length == 0 ? rawPath : rawPath + "?" + rawQuery,
            Headers = headers,
            Body = body,
        };
    }

    private static HttpApiResponse ToResponse(LambdaResponseFeature response, byte[] body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var cookies = new List<string>();
        foreach (var (name, values) in response.Headers)
        {
            if (string.Equals(name, HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                cookies.AddRange(values.Where(v => v is not null)!);
            }
            else
            {
                headers[name] = values.ToString();
            }
        }

        return new HttpApiResponse(response.StatusCode, headers, cookies, Convert.ToBase64String(body), IsBase64Encoded: true);
    }
}
