namespace TokenBroker.Core.Audit;

/// <summary>The audit actions of MFA device events, recorded beside the refused request's own record (docs/security.md, "MFA lockout").</summary>
public static class MfaActions
{
    /// <summary>A wrong (or already used) code was counted against the device.</summary>
    public const string CodeRejected = "MfaCodeRejected";

    /// <summary>The counted failure that reached TOKENBROKER_MFA_MAX_FAILURES locked the device.</summary>
    public const string DeviceLocked = "MfaDeviceLocked";

    /// <summary>A code, right or wrong, was refused unchecked because the device is locked.</summary>
    public const string RefusedWhileLocked = "MfaRefusedWhileLocked";
}
