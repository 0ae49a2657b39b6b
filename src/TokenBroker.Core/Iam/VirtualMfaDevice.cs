using TokenBroker.Core.Model;

namespace TokenBroker.Core.Iam;

/// <summary>A virtual MFA device as ListVirtualMFADevices shows it: the device and the user it is assigned to.</summary>
/// <param name="Device">The device.</param>
/// <param name="User">The user it is assigned to, or null.</param>
public sealed record VirtualMfaDevice(MfaDevice Device, IamUser? User);
