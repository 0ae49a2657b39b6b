namespace TokenBroker.Core.DataPlane;

/// <summary>What a set of policies grants on one service, as IAM's policy summaries put it: Full access, or per access level full or limited.</summary>
/// <param name="Prefix">The service prefix.</param>
/// <param name="FullAccess">Whether every action of the service is granted.</param>
/// <param name="Full">Levels whose every action is granted.</param>
/// <param name="Limited">Levels of which some but not all actions are granted.</param>
public sealed record ServiceAccessSummary(string Prefix, bool FullAccess, IReadOnlyList<AccessLevel> Full, IReadOnlyList<AccessLevel> Limited)
{
    /// <summary>For example "orders: Full access" or "sts: Full: Read; Limited: Write".</summary>
    public override string ToString()
    {
        if (FullAccess)
        {
            return $"{Prefix}: Full access";
        }

        var parts = new List<string>();
        if (Full.Count > 0)
        {
            parts.Add("Full: " + string.Join(", ", Full.Select(AccessLevels.Name)));
        }

        if (Limited.Count > 0)
        {
            parts.Add("Limited: " + string.Join(", ", Limited.Select(AccessLevels.Name)));
        }

        return $"{Prefix}: {string.Join("; ", parts)}";
    }
}
