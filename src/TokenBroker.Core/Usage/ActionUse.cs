namespace TokenBroker.Core.Usage;

/// <summary>When an IAM user or role last authenticated an attempt at one action (access advisor's last-accessed data).</summary>
/// <param name="EntityArn">The IAM user or role ARN the attempt is charged to (a role session's role, a session's user).</param>
/// <param name="ServiceNamespace">The action's service namespace, such as <c>sts</c>.</param>
/// <param name="ActionName">The action's name without the namespace, such as <c>AssumeRole</c>.</param>
/// <param name="UsedAt">When the entity last attempted the action.</param>
/// <param name="Region">The region of that attempt.</param>
public sealed record ActionUse(string EntityArn, string ServiceNamespace, string ActionName, DateTimeOffset UsedAt, string Region);
