using TokenBroker.Core.AccessAdvisor;

namespace TokenBroker.Core.Iam;

/// <summary>A job and one page of what it lists: services (GetServiceLastAccessedDetails) or entities (…WithEntities).</summary>
/// <param name="Job">The job, for its status and dates.</param>
/// <param name="Page">The page.</param>
public sealed record ServiceLastAccessedPage<T>(AccessAdvisorJob Job, IamPage<T> Page);
