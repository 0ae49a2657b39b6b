namespace TokenBroker.Core.Iam;

/// <summary>GenerateServiceLastAccessedDetails' members.</summary>
/// <param name="Arn">The user, group, role or managed policy ARN.</param>
/// <param name="Granularity">SERVICE_LEVEL (the default) or ACTION_LEVEL.</param>
public sealed record ServiceLastAccessedRequest(string Arn, string Granularity);
