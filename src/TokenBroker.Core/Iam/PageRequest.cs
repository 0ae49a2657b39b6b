namespace TokenBroker.Core.Iam;

/// <summary>The pagination members of an IAM List request: Marker (from the previous page) and MaxItems (1–1000).</summary>
/// <param name="Marker">The previous response's Marker, or null for the first page.</param>
/// <param name="MaxItems">How many items to return at most.</param>
public sealed record PageRequest(string? Marker, int MaxItems)
{
    /// <summary>MaxItems when the request names none.</summary>
    public const int DefaultMaxItems = 100;

    /// <summary>Largest MaxItems.</summary>
    public const int MaxMaxItems = 1000;

    /// <summary>The first page with the default size.</summary>
    public static PageRequest First { get; } = new(null, DefaultMaxItems);
}
