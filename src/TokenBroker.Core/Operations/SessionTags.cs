using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Operations;

/// <summary>
/// Session tag rules (IAM User Guide, id_session-tags): keys are case-insensitive and unique, transitive keys must name
/// passed tags, inherited transitive tags cannot be passed again, and the aws: prefix is reserved.
/// </summary>
internal static class SessionTags
{
    /// <summary>The session's tags and transitive keys: inherited transitive tags first, then the requested ones.</summary>
    public static StsResult<(IReadOnlyList<Tag> Tags, IReadOnlyList<string> TransitiveTagKeys)> Combine(
        IReadOnlyList<KeyValuePair<string, string>> requested,
        IReadOnlyList<string> requestedTransitive,
        IReadOnlyList<Tag> inheritedTransitiveTags)
    {
        ArgumentNullException.ThrowIfNull(requested);
        ArgumentNullException.ThrowIfNull(requestedTransitive);
        ArgumentNullException.ThrowIfNull(inheritedTransitiveTags);
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, _) in requested)
        {
            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                return StsErrors.InvalidParameterValue("Tag keys starting with 'aws:' are reserved for AWS use.");
            }

            if (!keys.Add(key))
            {
                return StsErrors.InvalidParameterValue("Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }

        foreach (var key in requestedTransitive)
        {
            if (!keys.Contains(key))
            {
                return StsErrors.InvalidParameterValue($"The transitive tag key {key} is not one of the session tags passed in the request.");
            }
        }

        foreach (var inherited in inheritedTransitiveTags)
        {
            if (keys.Contains(inherited.Key))
            {
                return StsErrors.InvalidParameterValue(
                    $"The session tag {inherited.Key} was passed transitively by the calling session and cannot be set again.");
            }
        }

        var tags = new List<Tag>(inheritedTransitiveTags);
        tags.AddRange(requested.Select(pair => new Tag(pair.Key, pair.Value)));
        var transitive = new List<string>(inheritedTransitiveTags.Select(t => t.Key));
        transitive.AddRange(requestedTransitive.Distinct(StringComparer.OrdinalIgnoreCase));
        return (tags, transitive);
    }
}
