namespace TokenBroker.Core.Iam;

/// <summary>
/// CreateVirtualMFADevice's answer: the serial number (the device ARN), the seed as Base32 text, and the otpauth URI an
/// authenticator app reads from the QR code (Key Uri Format: <c>otpauth://totp/NAME@ACCOUNT?secret=SEED</c>).
/// </summary>
/// <param name="SerialNumber">The device ARN.</param>
/// <param name="Base32StringSeed">The seed in Base32, shown once.</param>
/// <param name="OtpAuthUri">The URI the QR code encodes.</param>
public sealed record CreatedVirtualMfaDevice(string SerialNumber, string Base32StringSeed, string OtpAuthUri)
{
    /// <summary>Keeps the seed out of logs.</summary>
    public override string ToString() => $"CreatedVirtualMfaDevice {{ SerialNumber = {SerialNumber} }}";
}
