using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Audit;

/// <summary>What an audit record names of the request itself: the role, session name and source identity asked for.</summary>
public sealed record AuditedRequest(string? RoleArn, string? SessionName, string? SourceIdentity)
{
    /// <summary>A request that names no role, session or source identity.</summary>
    public static AuditedRequest None { get; } = new(null, null, null);

    /// <summary>The names a Query request asked for (RoleArn, RoleSessionName or Name, SourceIdentity), as sent.</summary>
    public static AuditedRequest From(QueryParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        return new(parameters["RoleArn"], parameters["RoleSessionName"] ?? parameters["Name"], parameters["SourceIdentity"]);
    }
}
