namespace TokenBroker.Core.AccessAdvisor;

/// <summary>The IAM resource a report is for: the policy documents whose services it lists, and the users and roles whose attempts count.</summary>
/// <param name="Arn">The resource's ARN as the directory holds it.</param>
/// <param name="Type">User, group, role or managed policy.</param>
/// <param name="Documents">The permissions policy documents that decide which services are listed.</param>
/// <param name="Members">The users and roles whose attempts are counted (for a user or role, itself).</param>
public sealed record AdvisedEntity(string Arn, AdvisedEntityType Type, IReadOnlyList<string> Documents, IReadOnlyList<EntityLastAccessed> Members);
