using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Outbound;
using TokenBroker.Core.Ports;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The IAM switch of outbound web identity federation (issue 15): Enable, Disable and GetInfo, per account, authorized
/// as <c>iam:ACTION</c> on <c>*</c>. Enabling or disabling writes a new directory version: the current version with
/// only the caller's account flag changed, replaced on the condition that no other write came in between (retried once
/// on a fresh version, then ConcurrentModification). Tokens already issued stay valid until they expire (AWS).
/// </summary>
public sealed class OutboundFederationOperations(IamAuthorizer authorizer, IDirectory directory, OutboundIssuer? issuer)
{
    /// <summary>EnableOutboundWebIdentityFederation: the account's IssuerIdentifier, or FeatureEnabled when it is on.</summary>
    public async Task<StsResult<string>> EnableAsync(IamCall call, CancellationToken cancellationToken)
    {
        var switched = await SwitchAsync(call, "EnableOutboundWebIdentityFederation", enable: true, cancellationToken);
        return switched ?? (StsResult<string>)issuer!.For(call.Caller.Account);
    }

    /// <summary>DisableOutboundWebIdentityFederation: nothing, or FeatureDisabled when it is off.</summary>
    public async Task<StsResult<bool>> DisableAsync(IamCall call, CancellationToken cancellationToken)
    {
        var switched = await SwitchAsync(call, "DisableOutboundWebIdentityFederation", enable: false, cancellationToken);
        return switched ?? (StsResult<bool>)false;
    }

    /// <summary>GetOutboundWebIdentityFederationInfo: the issuer and JwtVendingEnabled, or FeatureDisabled when it is off.</summary>
    public StsResult<OutboundFederationInfo> GetInfo(IamCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (authorizer.Authorize(call, "GetOutboundWebIdentityFederationInfo", "*") is { } denied)
        {
            return denied;
        }

        return issuer is not null && call.Directory.IsOutboundWebIdentityFederationEnabled(call.Caller.Account)
            ? new OutboundFederationInfo(issuer.For(call.Caller.Account), JwtVendingEnabled: true)
            : IamErrors.FeatureDisabled();
    }

    private async Task<StsError?> SwitchAsync(IamCall call, string action, bool enable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (authorizer.Authorize(call, action, "*") is { } denied)
        {
            return denied;
        }

        if (issuer is null)
        {
            // Without a public URL there is no issuer to publish: nothing can be enabled (or is enabled).
            return enable
                ? IamErrors.ServiceFailure("Outbound web identity federation needs the broker's public URL (TOKENBROKER_PUBLIC_URL).")
                : IamErrors.FeatureDisabled();
        }

        var view = call.Directory;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var account = call.Caller.Account;
            if (view.IsOutboundWebIdentityFederationEnabled(account) == enable)
            {
                return enable ? IamErrors.FeatureEnabled() : IamErrors.FeatureDisabled();
            }

            var snapshot = new DirectorySnapshot(
                [.. view.Snapshot.Accounts.Select(a => a.Id == account ? a with { OutboundWebIdentityFederation = enable } : a)]);
            try
            {
                await directory.ReplaceAsync(snapshot, view.Version, cancellationToken);
                return null;
            }
            catch (DirectoryConflictException)
            {
                // Another writer got in between: decide again on the version it wrote.
                view = await directory.LoadAsync(cancellationToken);
            }
        }

        return IamErrors.ConcurrentModification();
    }
}
