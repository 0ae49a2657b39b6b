using System.Buffers;
using System.Text;
using Microsoft.AspNetCore.Http.Features;
using TokenBroker.Core.Authentication.SigV4;
using TokenBroker.Core.Errors;

namespace TokenBroker.Host.Query;

/// <summary>Reads an HTTP request into the transport-neutral form SigV4 needs: raw target, every header, body bytes.</summary>
internal static class HttpRequestReader
{
    /// <summary>The request as received, or RequestEntityTooLarge when the body is over the limit.</summary>
    public static async Task<StsResult<SigV4Request>> ReadAsync(HttpContext context, int maxBodyBytes)
    {
        var request = context.Request;
        if (request.ContentLength > maxBodyBytes)
        {
            return TooLarge(maxBodyBytes);
        }

        var body = await ReadBodyAsync(request, maxBodyBytes, context.RequestAborted);
        if (body is null)
        {
            return TooLarge(maxBodyBytes);
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? (request.PathBase + request.Path + request.QueryString);
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var rawPath = question < 0 ? target : target[..question];
        var rawQuery = question < 0 ? "" : target[(question + 1)..];

        var headers = new List<KeyValuePair<string, string>>(request.Headers.Count);
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new(name, value ?? ""));
            }
        }

        return new SigV4Request(request.Method, rawPath, rawQuery, headers, body);
    }

    /// <summary>The body as text when it is a form post; other bodies carry no parameters.</summary>
    public static string FormText(HttpContext context, ReadOnlyMemory<byte> body)
    {
        var contentType = context.Request.ContentType;
        var isForm = contentType is null ||
            contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
        return isForm && !body.IsEmpty ? Encoding.Latin1.GetString(body.Span) : "";
    }

    // A body whose length is declared (every SDK sends Content-Length) is read straight into one array of that size;
    // anything past the declared length (only possible behind a host that does not frame the body by it, such as the
    // Lambda adapter given a wrong header) and a chunked body go through a growing buffer. Either way the limit holds.
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var declared = request.ContentLength is { } length ? new byte[length] : [];
        var filled = 0;
        int read;
        while (filled < declared.Length && (read = await request.Body.ReadAsync(declared.AsMemory(filled), cancellationToken)) > 0)
        {
            filled += read;
        }

        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            if ((read = await request.Body.ReadAsync(chunk, cancellationToken)) == 0)
            {
                return filled == declared.Length ? declared : declared[..filled];
            }

            using var buffer = new MemoryStream();
            buffer.Write(declared, 0, filled);
            do
            {
                if (buffer.Length + read > maxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0);

            return buffer.ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static StsError TooLarge(int maxBodyBytes) =>
        StsErrors.RequestEntityTooLarge($"The request body is larger than {maxBodyBytes} bytes.");
}
