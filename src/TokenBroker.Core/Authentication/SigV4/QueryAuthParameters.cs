namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>The X-Amz-* authentication parameters of a presigned query string, decoded, with any repeated name noted.</summary>
internal sealed class QueryAuthParameters
{
    public const string Algorithm = "X-Amz-Algorithm";
    public const string Credential = "X-Amz-Credential";
    public const string Signature = "X-Amz-Signature";
    public const string SignedHeaders = "X-Amz-SignedHeaders";
    public const string Date = "X-Amz-Date";
    public const string Expires = "X-Amz-Expires";
    public const string SecurityToken = "X-Amz-Security-Token";

    private static readonly string[] Names = [Algorithm, Credential, Signature, SignedHeaders, Date, Expires, SecurityToken];

    // A POST with no query string is the common case; it has no authentication parameters to hold.
    private static readonly QueryAuthParameters None = new();

    private readonly string?[] _values = new string?[Names.Length];

    private QueryAuthParameters()
    {
    }

    /// <summary>The first repeated authentication parameter, if any (a repeated one is ambiguous, so it is refused).</summary>
    public string? Repeated { get; private set; }

    /// <summary>True when the query string asks for query-string (presigned) authentication.</summary>
    public bool RequestsQueryAuth =>
        this[Algorithm] is not null || this[Credential] is not null || this[Signature] is not null || this[SignedHeaders] is not null;

    public string? this[string name] => _values[Array.IndexOf(Names, name)];

    public static QueryAuthParameters Read(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return None;
        }

        var parameters = new QueryAuthParameters();
        var query = rawQuery.AsSpan();
        foreach (var range in query.Split('&'))
        {
            var pair = query[range];
            var equals = pair.IndexOf('=');
            var rawName = equals < 0 ? pair : pair[..equals];
            if (!rawName.StartsWith("X-Amz-", StringComparison.OrdinalIgnoreCase) && !rawName.Contains('%'))
            {
                continue;
            }

            var index = Array.IndexOf(Names, Uri.UnescapeDataString(rawName.ToString()));
            if (index < 0)
            {
                continue;
            }

            if (parameters._values[index] is not null)
            {
                parameters.Repeated ??= Names[index];
                continue;
            }

            parameters._values[index] = equals < 0 ? "" : Uri.UnescapeDataString(pair[(equals + 1)..].ToString());
        }

        return parameters;
    }
}
