namespace TokenBroker.Core.AccessAdvisor;

/// <summary>A generated access advisor report as it is stored for every instance, read back by its JobId.</summary>
/// <param name="JobId">The 36-character job id.</param>
/// <param name="Account">The account of the caller that generated it.</param>
/// <param name="CreatorArn">The caller that generated it: only the same user, or the same role session, may read it.</param>
/// <param name="EntityArn">The user, group, role or policy ARN the report is for.</param>
/// <param name="JobType">SERVICE_LEVEL or ACTION_LEVEL.</param>
/// <param name="JobStatus">COMPLETED, or FAILED with <paramref name="ErrorCode"/> and <paramref name="ErrorMessage"/>.</param>
/// <param name="JobCreationDate">When the job was started.</param>
/// <param name="JobCompletionDate">When it completed.</param>
/// <param name="Services">The services listed, sorted by namespace.</param>
/// <param name="ErrorCode">Why a FAILED job failed (IAM's ErrorDetails.Code), else null.</param>
/// <param name="ErrorMessage">The failure's message, else null.</param>
public sealed record AccessAdvisorJob(
    string JobId,
    string Account,
    string CreatorArn,
    string EntityArn,
    string JobType,
    string JobStatus,
    DateTimeOffset JobCreationDate,
    DateTimeOffset JobCompletionDate,
    IReadOnlyList<ServiceLastAccessed> Services,
    string? ErrorCode,
    string? ErrorMessage)
{
    /// <summary>The JobType of a report without per-action data.</summary>
    public const string ServiceLevel = "SERVICE_LEVEL";

    /// <summary>The JobType of a report with per-action data.</summary>
    public const string ActionLevel = "ACTION_LEVEL";
}
