namespace TokenBroker.Core.Model;

/// <summary>
/// A virtual MFA device (TOTP, RFC 6238); the seed is plaintext only in memory. A device created through the IAM API
/// has no user until EnableMFADevice assigns it, and an unassigned device authenticates no one.
/// </summary>
public sealed record MfaDevice(string SerialNumber, AccountId Account, string? UserName, byte[] Seed)
{
    /// <summary>Whether the directory file or the IAM API owns the device.</summary>
    public CredentialOrigin Origin { get; init; } = CredentialOrigin.File;

    /// <summary>When the device was assigned to its user through the IAM API, or null.</summary>
    public DateTimeOffset? EnableDate { get; init; }

    /// <summary>Keeps the seed out of logs.</summary>
    public override string ToString() => $"MfaDevice {{ SerialNumber = {SerialNumber}, UserName = {UserName} }}";
}
