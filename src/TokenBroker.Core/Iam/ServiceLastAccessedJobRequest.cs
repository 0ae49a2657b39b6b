namespace TokenBroker.Core.Iam;

/// <summary>GetServiceLastAccessedDetails' and GetServiceLastAccessedDetailsWithEntities' members.</summary>
/// <param name="JobId">The JobId GenerateServiceLastAccessedDetails returned.</param>
/// <param name="ServiceNamespace">The service whose entities to list (WithEntities only, else null).</param>
/// <param name="Page">Marker and MaxItems.</param>
public sealed record ServiceLastAccessedJobRequest(string JobId, string? ServiceNamespace, PageRequest Page);
