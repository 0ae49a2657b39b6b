namespace TokenBroker.Core.DataPlane;

/// <summary>A resource type a service declares, with the ARN template its resources follow.</summary>
/// <param name="Name">The resource type name, for example order.</param>
/// <param name="Arn">The ARN template, for example arn:aws:orders:${Region}:${Account}:order/${OrderId}.</param>
public sealed record ServiceResourceType(string Name, string Arn);
