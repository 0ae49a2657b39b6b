using System.Diagnostics.CodeAnalysis;

namespace TokenBroker.Core.DataPlane;

/// <summary>AWS's spelling of the access levels, as the directory file and policy summaries write them.</summary>
public static class AccessLevels
{
    /// <summary>Every level in the order AWS's policy summaries list them.</summary>
    public static IReadOnlyList<AccessLevel> All { get; } =
        [AccessLevel.List, AccessLevel.Read, AccessLevel.Write, AccessLevel.PermissionsManagement, AccessLevel.Tagging];

    /// <summary>The level's name as AWS writes it, for example "Permissions management".</summary>
    public static string Name(AccessLevel level) => level switch
    {
        AccessLevel.List => "List",
        AccessLevel.Read => "Read",
        AccessLevel.Write => "Write",
        AccessLevel.PermissionsManagement => "Permissions management",
        AccessLevel.Tagging => "Tagging",
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    /// <summary>Parses one of AWS's five names exactly as AWS spells them.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out AccessLevel level)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(Name(candidate), text, StringComparison.Ordinal))
            {
                level = candidate;
                return true;
            }
        }

        level = default;
        return false;
    }
}
