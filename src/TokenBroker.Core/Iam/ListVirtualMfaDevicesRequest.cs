namespace TokenBroker.Core.Iam;

/// <summary>ListVirtualMFADevices' request: AssignmentStatus (Assigned, Unassigned or Any) and the page.</summary>
/// <param name="AssignmentStatus">Assigned, Unassigned or Any.</param>
/// <param name="Page">Marker and MaxItems.</param>
public sealed record ListVirtualMfaDevicesRequest(string AssignmentStatus, PageRequest Page);
