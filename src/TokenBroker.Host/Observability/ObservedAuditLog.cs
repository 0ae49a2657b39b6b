using System.Diagnostics;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Ports;

namespace TokenBroker.Host.Observability;

/// <summary>
/// The audit log as the broker uses it: every record is written durably by the adapter first (the issuance waits for
/// that and nothing else), then counted (issued, refused, MFA lockouts) and offered to the export sink, if any.
/// </summary>
internal sealed class ObservedAuditLog(IAuditLog inner, BrokerMetrics metrics, TimeProvider time, IAuditExportQueue? export = null) : IAuditLog
{
    public async Task AppendAsync(AuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var activity = BrokerActivity.StoreCall("audit.append");
        var started = time.GetTimestamp();
        try
        {
            await inner.AppendAsync(record, cancellationToken);
        }
        catch
        {
            activity?.SetStatus(ActivityStatusCode.Error);
            metrics.AuditWritten(ok: false, time.GetElapsedTime(started));
            throw;
        }

        metrics.AuditWritten(ok: true, time.GetElapsedTime(started));
        Count(record);
        export?.Offer(record);
    }

    public Task<IReadOnlyList<AuditRecord>> QueryAsync(AuditQuery query, CancellationToken cancellationToken) => inner.QueryAsync(query, cancellationToken);

    private void Count(AuditRecord record)
    {
        switch (record.Action)
        {
            case MfaActions.DeviceLocked:
                metrics.MfaLockout();
                break;
            case MfaActions.CodeRejected or MfaActions.RefusedWhileLocked:
                // Device events beside the request's own record, which is counted itself.
                break;
            case var action when action.StartsWith(IamAudit.ActionPrefix, StringComparison.Ordinal):
                // IAM API calls issue no credentials; the request metrics count them.
                break;
            default:
                if (record.Outcome == AuditOutcome.Success)
                {
                    metrics.Issued(record.Action);
                }
                else
                {
                    metrics.Refused(record.Action, record.ErrorCode ?? "Unknown");
                }

                break;
        }
    }
}
