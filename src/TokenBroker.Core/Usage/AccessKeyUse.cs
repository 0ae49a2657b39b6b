using TokenBroker.Core.Model;

namespace TokenBroker.Core.Usage;

/// <summary>When an access key last authenticated a request, in which region and for which service (GetAccessKeyLastUsed).</summary>
/// <param name="AccessKeyId">The key.</param>
/// <param name="UsedAt">When it last authenticated a request.</param>
/// <param name="Region">The region the request was signed for.</param>
/// <param name="ServiceNamespace">The service namespace of the request, such as <c>sts</c> or <c>iam</c>.</param>
public sealed record AccessKeyUse(AccessKeyId AccessKeyId, DateTimeOffset UsedAt, string Region, string ServiceNamespace);
