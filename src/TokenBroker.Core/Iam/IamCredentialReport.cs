using System.Globalization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Usage;

namespace TokenBroker.Core.Iam;

/// <summary>
/// GenerateCredentialReport and GetCredentialReport. A report is generated at once (the answer is STARTED and it is
/// ready) and stored for every instance under its four-hour window; a report younger than four hours is reused
/// (COMPLETE), as IAM does. This instance's pending usage records are flushed first, so its own recent uses appear.
/// </summary>
public sealed class IamCredentialReport(IamAuthorizer authorizer, IUsageStore store, UsageRecorder recorder, TimeProvider timeProvider)
{
    /// <summary>How long a report is reused (reference/iam-api.md §3).</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromHours(4);

    /// <summary>GenerateCredentialReport.</summary>
    public async Task<StsResult<CredentialReportState>> GenerateAsync(IamCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (authorizer.Authorize(call, "GenerateCredentialReport", "*") is { } denied)
        {
            return denied;
        }

        var now = timeProvider.GetUtcNow();
        if (await LatestAsync(call.Caller.Account, now, cancellationToken) is { } recent && now - recent.GeneratedTime < ReuseFor)
        {
            return new CredentialReportState("COMPLETE", "A report generated less than four hours ago is available.");
        }

        // A store that is down fails the report here, never the recorder: its uses stay pending for the next flush.
        await recorder.FlushAsync(cancellationToken);
        var uses = new Dictionary<AccessKeyId, AccessKeyUse>();
        foreach (var key in call.Account.AccessKeys)
        {
            if (await store.GetAccessKeyUseAsync(key.AccessKeyId, cancellationToken) is { } use)
            {
                uses[key.AccessKeyId] = use;
            }
        }

        await store.GetOrCreateReportAsync(Name(call.Caller.Account, Window(now)),
            new StoredReport(now, CredentialReportCsv.Write(call.Account, uses)), cancellationToken);
        return new CredentialReportState("STARTED", "No report exists. Starting a new report generation task");
    }

    /// <summary>GetCredentialReport: the latest report of the caller's account.</summary>
    public async Task<StsResult<StoredReport>> GetAsync(IamCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (authorizer.Authorize(call, "GetCredentialReport", "*") is { } denied)
        {
            return denied;
        }

        var now = timeProvider.GetUtcNow();
        return await LatestAsync(call.Caller.Account, now, cancellationToken) is { } report
            ? report
            : IamErrors.ReportNotPresent("Credential report not present. Call GenerateCredentialReport to generate a report.");
    }

    // The report of this window, else of the one before (which may still be younger than four hours).
    private async Task<StoredReport?> LatestAsync(AccountId account, DateTimeOffset now, CancellationToken cancellationToken) =>
        await store.GetReportAsync(Name(account, Window(now)), cancellationToken)
        ?? await store.GetReportAsync(Name(account, Window(now) - 1), cancellationToken);

    private static long Window(DateTimeOffset time) => time.ToUnixTimeSeconds() / (long)ReuseFor.TotalSeconds;

    private static string Name(AccountId account, long window) =>
        $"credential-report/{account.Value}/{window.ToString(CultureInfo.InvariantCulture)}";
}
