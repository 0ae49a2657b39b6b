namespace TokenBroker.Core.Iam;

/// <summary>CreateVirtualMFADevice's members.</summary>
/// <param name="VirtualMfaDeviceName">The device name (the last part of its ARN).</param>
/// <param name="Path">The device path, "/" by default.</param>
public sealed record CreateVirtualMfaDeviceRequest(string VirtualMfaDeviceName, string Path);
