using TokenBroker.Core.Authentication.SigV4;

namespace TokenBroker.Host.DataPlane;

/// <summary>The service named in a request's SigV4 credential scope (KEY/DATE/REGION/SERVICE/aws4_request), read without verifying anything.</summary>
internal static class ScopeService
{
    /// <summary>The scope's service from the Authorization header or X-Amz-Credential, or null.</summary>
    public static string? Read(SigV4Request request)
    {
        var credential = HeaderList.Join(request.Headers, "authorization") is { } authorization
            ? Parameter(authorization)
            : QueryCredential(request.RawQuery);
        var parts = credential?.Split('/');
        return parts is { Length: 5 } && parts[3].Length > 0 ? parts[3] : null;
    }

    private static string? Parameter(string authorization)
    {
        var start = authorization.IndexOf("Credential=", StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        var value = authorization[(start + "Credential=".Length)..];
        var end = value.IndexOf(',', StringComparison.Ordinal);
        return (end < 0 ? value : value[..end]).Trim();
    }

    private static string? QueryCredential(string rawQuery)
    {
        foreach (var pair in rawQuery.Split('&'))
        {
            if (pair.StartsWith("X-Amz-Credential=", StringComparison.Ordinal))
            {
                return Uri.UnescapeDataString(pair["X-Amz-Credential=".Length..]);
            }
        }

        return null;
    }
}
