namespace TokenBroker.Core.Model;

/// <summary>A virtual MFA device (TOTP, RFC 6238) assigned to a user; the seed is plaintext only in memory.</summary>
public sealed record MfaDevice(string SerialNumber, AccountId Account, string UserName, byte[] Seed)
{
    /// <summary>Keeps the seed out of logs.</summary>
    public override string ToString() => $"MfaDevice {{ SerialNumber = {SerialNumber}, UserName = {UserName} }}";
}
