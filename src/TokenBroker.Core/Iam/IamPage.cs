namespace TokenBroker.Core.Iam;

/// <summary>One page of an IAM list: the items, whether more follow, and the Marker that fetches them.</summary>
/// <param name="Items">The items of this page.</param>
/// <param name="IsTruncated">Whether more items follow.</param>
/// <param name="Marker">The Marker for the next page, or null when this is the last one.</param>
public sealed record IamPage<T>(IReadOnlyList<T> Items, bool IsTruncated, string? Marker);
