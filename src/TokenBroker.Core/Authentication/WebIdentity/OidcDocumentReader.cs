using System.Net;
using System.Text.Json;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>GETs one JSON document from an identity provider with a size cap; transport failures are IDPCommunicationError.</summary>
internal static class OidcDocumentReader
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    public static async Task<StsResult<JsonDocument>> GetAsync(HttpClient client, Uri uri, int maxBytes, CancellationToken cancellationToken)
    {
        byte[]? body;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return StsErrors.IdpCommunicationError(WebIdentityMessages.KeyUnavailable);
            }

            body = await ReadCappedAsync(response.Content, maxBytes, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return StsErrors.IdpCommunicationError(WebIdentityMessages.KeyUnavailable);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // HttpClient.Timeout elapsed.
            return StsErrors.IdpCommunicationError(WebIdentityMessages.KeyUnavailable);
        }

        if (body is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
        }

        try
        {
            return JsonDocument.Parse(body, Strict);
        }
        catch (JsonException)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
        }
    }

    /// <summary>The body, or null when it is larger than the cap (declared or actual).</summary>
    private static async Task<byte[]?> ReadCappedAsync(HttpContent content, int maxBytes, CancellationToken cancellationToken)
    {
        if (content.Headers.ContentLength > maxBytes)
        {
            return null;
        }

        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[maxBytes + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0)
        {
            total += read;
        }

        return total > maxBytes ? null : buffer[..total];
    }
}
