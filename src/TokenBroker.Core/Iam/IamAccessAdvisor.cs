using System.Security.Cryptography;
using TokenBroker.Core.AccessAdvisor;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Usage;

namespace TokenBroker.Core.Iam;

/// <summary>
/// Access advisor: GenerateServiceLastAccessedDetails runs the report at once and stores it as a job in the usage store
/// (every instance, Lambda included, reads it back by JobId until it expires); GetServiceLastAccessedDetails and
/// GetServiceLastAccessedDetailsWithEntities page through it. A job is readable only by the caller that generated it
/// (the same user, or the same role session), as IAM documents.
/// </summary>
public sealed class IamAccessAdvisor(IamAuthorizer authorizer, IamPaging paging, IUsageStore store, UsageRecorder recorder, TimeProvider timeProvider)
{
    /// <summary>How long a job can be read back.</summary>
    public static readonly TimeSpan JobRetention = TimeSpan.FromHours(24);

    /// <summary>Largest stored job (compressed); a larger one is stored as FAILED (DynamoDB items hold at most 400 KB).</summary>
    public const int MaxJobBytes = 350_000;

    private static readonly string[] Kinds = ["user", "group", "role", "policy"];

    /// <summary>GenerateServiceLastAccessedDetails: the JobId of the report on the user, group, role or policy.</summary>
    public async Task<StsResult<string>> GenerateAsync(IamCall call, ServiceLastAccessedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);

        // Only an IAM user, group, role or policy ARN names something a report can be about; there is nothing to authorize otherwise.
        if (!Arn.TryParse(request.Arn, out var arn) || arn.Partition != "aws" || arn.Service != "iam" || arn.Region.Length != 0
            || arn.Account.Length == 0 || !Kinds.Contains(arn.Resource.Split('/')[0], StringComparer.Ordinal) || !arn.Resource.Contains('/', StringComparison.Ordinal))
        {
            return IamErrors.InvalidInput($"ARN {request.Arn} is not valid.");
        }

        if (authorizer.Authorize(call, "GenerateServiceLastAccessedDetails", request.Arn) is { } denied)
        {
            return denied;
        }

        var entity = arn.Account == call.Caller.Account.Value ? ServiceLastAccessedReport.Resolve(call.Directory, arn) : null;
        if (entity is null)
        {
            return NoSuchEntity(arn);
        }

        var created = timeProvider.GetUtcNow();

        // This instance's pending usage records first, so its own recent attempts appear (as the credential report does).
        await recorder.FlushAsync(cancellationToken);
        var actionLevel = request.Granularity == AccessAdvisorJob.ActionLevel;
        var services = await ServiceLastAccessedReport.CreateAsync(store, call.Directory, entity, actionLevel, cancellationToken);
        var jobId = NewJobId();
        var job = new AccessAdvisorJob(jobId, call.Caller.Account.Value, call.Caller.Arn.ToString(), entity.Arn, request.Granularity, "COMPLETED",
            created, timeProvider.GetUtcNow(), services, null, null);
        var content = AccessAdvisorJobCodec.Write(job);
        if (content.Length > MaxJobBytes)
        {
            content = AccessAdvisorJobCodec.Write(job with
            {
                JobStatus = "FAILED",
                Services = [],
                ErrorCode = "LimitExceeded",
                ErrorMessage = $"The report is larger than a job can hold ({MaxJobBytes} bytes compressed).",
            });
        }

        await store.GetOrCreateReportAsync(Name(jobId), new StoredReport(created, content) { ExpiresAt = created + JobRetention }, cancellationToken);
        return jobId;
    }

    /// <summary>GetServiceLastAccessedDetails: the job's status and a page of its services.</summary>
    public async Task<StsResult<ServiceLastAccessedPage<ServiceLastAccessed>>> GetAsync(
        IamCall call, ServiceLastAccessedJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        if (authorizer.Authorize(call, "GetServiceLastAccessedDetails", "*") is { } denied)
        {
            return denied;
        }

        var job = await FindAsync(call, request.JobId, cancellationToken);
        if (!job.IsSuccess)
        {
            return job.Error;
        }

        var page = await paging.PageAsync(call, "GetServiceLastAccessedDetails", request.JobId, job.Value.Services, request.Page, cancellationToken);
        return page.IsSuccess ? new ServiceLastAccessedPage<ServiceLastAccessed>(job.Value, page.Value) : page.Error;
    }

    /// <summary>GetServiceLastAccessedDetailsWithEntities: the job's status and a page of the entities counted for one service.</summary>
    public async Task<StsResult<ServiceLastAccessedPage<EntityLastAccessed>>> GetWithEntitiesAsync(
        IamCall call, ServiceLastAccessedJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(request);
        if (authorizer.Authorize(call, "GetServiceLastAccessedDetailsWithEntities", "*") is { } denied)
        {
            return denied;
        }

        var job = await FindAsync(call, request.JobId, cancellationToken);
        if (!job.IsSuccess)
        {
            return job.Error;
        }

        // A service the report does not list has no entities that could have used it.
        var service = job.Value.Services.FirstOrDefault(s => string.Equals(s.ServiceNamespace, request.ServiceNamespace, StringComparison.OrdinalIgnoreCase));
        var page = await paging.PageAsync(call, "GetServiceLastAccessedDetailsWithEntities", request.JobId + "\n" + request.ServiceNamespace,
            service?.Entities ?? [], request.Page, cancellationToken);
        return page.IsSuccess ? new ServiceLastAccessedPage<EntityLastAccessed>(job.Value, page.Value) : page.Error;
    }

    // Unknown, expired, another caller's: all the same answer, so a JobId reveals nothing about other callers' jobs.
    private async Task<StsResult<AccessAdvisorJob>> FindAsync(IamCall call, string jobId, CancellationToken cancellationToken)
    {
        var stored = await store.GetReportAsync(Name(jobId), cancellationToken);
        var job = stored is not null && stored.ExpiresAt > timeProvider.GetUtcNow() ? AccessAdvisorJobCodec.Read(stored.Content) : null;
        return job is not null
            && string.Equals(job.JobId, jobId, StringComparison.Ordinal)
            && string.Equals(job.Account, call.Caller.Account.Value, StringComparison.Ordinal)
            && string.Equals(job.CreatorArn, call.Caller.Arn.ToString(), StringComparison.Ordinal)
            ? job
            : IamErrors.InvalidInput($"JobId {jobId} is not valid.");
    }

    private static StsError NoSuchEntity(Arn arn) => arn.Resource.Split('/')[0] switch
    {
        "user" => IamEntities.NoSuchUser(arn.Name),
        "group" => IamEntities.NoSuchGroup(arn.Name),
        "role" => IamEntities.NoSuchRole(arn.Name),
        _ => IamErrors.NoSuchEntity($"Policy {arn} was not found."),
    };

    // 36 characters as IAM's (jobIDType): 128 random bits in the 8-4-4-4-12 hex layout.
    private static string NewJobId()
    {
        var hex = RandomNumberGenerator.GetHexString(32, lowercase: true);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    private static string Name(string jobId) => "access-advisor/" + jobId;
}
