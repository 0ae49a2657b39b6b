using System.Net;
using System.Text.Json;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>GETs one JSON document from an identity provider with a size cap; transport failures are IDPCommunicationError.</summary>
internal static class OidcDocumentReader
{
    private static readonly JsonDocumentOptions Strict = new() { MaxDepth = 16, AllowDuplicateProperties = false };

    /// <summary>
    /// The document at <paramref name="uri"/>; <paramref name="timeout"/> bounds the whole exchange, body included
    /// (HttpClient.Timeout stops at the headers when the body is streamed), so a slow provider cannot hold a refresh.
    /// </summary>
    public static async Task<StsResult<JsonDocument>> GetAsync(HttpClient client, Uri uri, int maxBytes, TimeSpan timeout,
        TimeProvider time, CancellationToken cancellationToken)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        byte[]? body;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return StsErrors.IdpCommunicationError(WebIdentityMessages.KeyUnavailable);
            }

            body = await ReadCappedAsync(response.Content, maxBytes, linked.Token);
        }
        catch (HttpRequestException)
        {
            return StsErrors.IdpCommunicationError(WebIdentityMessages.KeyUnavailable);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The deadline or HttpClient.Timeout elapsed.
            return StsErrors.IdpCommunicationError(WebIdentityMessages.KeyUnavailable);
        }
        catch (IOException)
        {
            // The connection broke while the body was read.
            return StsErrors.IdpCommunicationError(WebIdentityMessages.KeyUnavailable);
        }

        if (body is null)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, Strict);
        }
        catch (JsonException)
        {
            return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
        }

        // A provider's document is outside input too: a string that cannot be decoded refuses the document, not the broker.
        if (JsonText.IsWellFormed(document.RootElement))
        {
            return document;
        }

        document.Dispose();
        return StsErrors.InvalidIdentityToken(WebIdentityMessages.KeyUnavailable);
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
