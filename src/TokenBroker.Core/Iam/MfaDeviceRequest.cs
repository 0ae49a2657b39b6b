namespace TokenBroker.Core.Iam;

/// <summary>The members of EnableMFADevice, ResyncMFADevice and DeactivateMFADevice; codes are absent for DeactivateMFADevice.</summary>
/// <param name="UserName">The device's user, or null for the caller's own user.</param>
/// <param name="SerialNumber">The device ARN.</param>
/// <param name="AuthenticationCode1">A code from the device.</param>
/// <param name="AuthenticationCode2">The code that follows it.</param>
public sealed record MfaDeviceRequest(string? UserName, string SerialNumber, string? AuthenticationCode1, string? AuthenticationCode2)
{
    /// <summary>Keeps the codes out of logs.</summary>
    public override string ToString() => $"MfaDeviceRequest {{ UserName = {UserName}, SerialNumber = {SerialNumber} }}";
}
