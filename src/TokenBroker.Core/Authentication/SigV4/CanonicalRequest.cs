using System.Security.Cryptography;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// Builds the SigV4 canonical request (AWS General Reference, "Create a canonical request") straight into a pooled
/// UTF-8 buffer and hashes it: method, canonical URI, canonical query string, canonical headers, signed headers,
/// payload hash, separated by newlines.
/// </summary>
internal static class CanonicalRequest
{
    private const string SignatureParameter = "X-Amz-Signature";

    /// <summary>Writes SHA-256(canonical request) into <paramref name="hash"/> (32 bytes).</summary>
    public static void Hash(SigV4Claims claims, ReadOnlySpan<char> payloadHashHex, Span<byte> hash)
    {
        var request = claims.Request;
        var writer = new ByteWriter(256 + (request.RawPath.Length + request.RawQuery.Length) * 3 + HeaderLength(request));
        try
        {
            writer.Append(request.Method);
            writer.Append((byte)'\n');
            WriteCanonicalUri(ref writer, request.RawPath);
            writer.Append((byte)'\n');
            WriteCanonicalQuery(ref writer, request.RawQuery, claims.IsPresigned);
            writer.Append((byte)'\n');
            WriteCanonicalHeaders(ref writer, request.Headers, claims.SignedHeaders);
            writer.Append((byte)'\n');
            writer.Append(claims.SignedHeaders);
            writer.Append((byte)'\n');
            writer.Append(payloadHashHex);
            Sha256Digest.Hash(writer.Written, hash);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>
    /// Removes dot segments and empty segments (botocore normalize_url_path) and URI-encodes the already-encoded
    /// path once more: every service but S3 signs the path double-encoded.
    /// </summary>
    private static void WriteCanonicalUri(ref ByteWriter writer, string rawPath)
    {
        if (rawPath is "" or "/")
        {
            writer.Append((byte)'/');
            return;
        }

        var segments = new List<Range>();
        var path = rawPath.AsSpan();
        foreach (var segment in path.Split('/'))
        {
            var text = path[segment];
            if (text is "" or ".")
            {
                continue;
            }

            if (text is "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        if (path[0] == '/')
        {
            writer.Append((byte)'/');
        }

        for (var i = 0; i < segments.Count; i++)
        {
            if (i > 0)
            {
                writer.Append((byte)'/');
            }

            UriEncoding.WriteEncodedTwice(ref writer, path[segments[i]]);
        }

        if (path[^1] == '/' && segments.Count > 0)
        {
            writer.Append((byte)'/');
        }
    }

    /// <summary>
    /// Parameters sorted by encoded name, then encoded value; a name without '=' gets an empty value; the presigned
    /// form leaves out X-Amz-Signature (SigV4 query-string authentication).
    /// </summary>
    private static void WriteCanonicalQuery(ref ByteWriter writer, string rawQuery, bool isPresigned)
    {
        if (rawQuery.Length == 0)
        {
            return;
        }

        var parameters = new List<(string Name, string Value)>();
        var query = rawQuery.AsSpan();
        foreach (var pair in query.Split('&'))
        {
            var text = query[pair];
            if (text.IsEmpty)
            {
                continue;
            }

            var equals = text.IndexOf('=');
            var name = UriEncoding.Normalize(equals < 0 ? text : text[..equals]);
            if (isPresigned && name == SignatureParameter)
            {
                continue;
            }

            parameters.Add((name, equals < 0 ? "" : UriEncoding.Normalize(text[(equals + 1)..])));
        }

        parameters.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Value, b.Value);
        });

        for (var i = 0; i < parameters.Count; i++)
        {
            if (i > 0)
            {
                writer.Append((byte)'&');
            }

            writer.Append(parameters[i].Name);
            writer.Append((byte)'=');
            writer.Append(parameters[i].Value);
        }
    }

    /// <summary>One "name:value\n" line per signed header; repeated headers are joined with ',' in arrival order.</summary>
    private static void WriteCanonicalHeaders(
        ref ByteWriter writer, IReadOnlyList<KeyValuePair<string, string>> headers, string signedHeaders)
    {
        var names = signedHeaders.AsSpan();
        foreach (var range in names.Split(';'))
        {
            var name = names[range];
            writer.Append(name);
            writer.Append((byte)':');
            var first = true;
            foreach (var header in headers)
            {
                if (!name.Equals(header.Key, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!first)
                {
                    writer.Append((byte)',');
                }

                WriteTrimmedValue(ref writer, header.Value);
                first = false;
            }

            writer.Append((byte)'\n');
        }
    }

    /// <summary>Trims the value and turns each inner run of whitespace into one space (SigV4 canonical headers).</summary>
    private static void WriteTrimmedValue(ref ByteWriter writer, string value)
    {
        var text = value.AsSpan().Trim(Whitespace);
        while (!text.IsEmpty)
        {
            var run = text.IndexOfAny(Whitespace);
            if (run < 0)
            {
                writer.Append(text);
                return;
            }

            writer.Append(text[..run]);
            writer.Append((byte)' ');
            text = text[run..].TrimStart(Whitespace);
        }
    }

    private static ReadOnlySpan<char> Whitespace => " \t\r\n\v\f";

    private static int HeaderLength(SigV4Request request)
    {
        var length = 0;
        foreach (var header in request.Headers)
        {
            length += header.Key.Length + header.Value.Length + 2;
        }

        return length * 2;
    }
}
