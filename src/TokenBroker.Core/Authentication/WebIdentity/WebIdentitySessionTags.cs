using System.Text.Json;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Authentication.WebIdentity;

/// <summary>
/// Session tags from the <c>https://aws.amazon.com/tags</c> claim:
/// <c>{"principal_tags": {"Key": ["value"]}, "transitive_tag_keys": ["Key"]}</c> (id_session-tags.md), with the limits
/// of AssumeRole tags: 50 tags, keys 1..128, values 0..256, AWS's tag character set, no <c>aws:</c> prefix, keys
/// unique regardless of case, and transitive keys naming tags that are present.
/// </summary>
public sealed record WebIdentitySessionTags(IReadOnlyList<Tag> PrincipalTags, IReadOnlyList<string> TransitiveTagKeys)
{
    /// <summary>The claim name AWS reads session tags from.</summary>
    public const string ClaimName = "https://aws.amazon.com/tags";

    /// <summary>No tags.</summary>
    public static WebIdentitySessionTags None { get; } = new([], []);

    /// <summary>Reads the claim value, or returns null when it breaks a rule.</summary>
    internal static WebIdentitySessionTags? Read(JsonElement claim)
    {
        if (claim.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var tags = new List<Tag>();
        if (claim.TryGetProperty("principal_tags", out var principalTags) && !TryReadTags(principalTags, tags))
        {
            return null;
        }

        var transitive = new List<string>();
        if (claim.TryGetProperty("transitive_tag_keys", out var keys) && !TryReadTransitiveKeys(keys, tags, transitive))
        {
            return null;
        }

        return new WebIdentitySessionTags(tags, transitive);
    }

    private static bool TryReadTags(JsonElement principalTags, List<Tag> tags)
    {
        if (principalTags.ValueKind != JsonValueKind.Object)
        {
            return false;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in principalTags.EnumerateObject())
        {
            // Each value is an array holding exactly one string: session tags are single-valued.
            var value = property.Value;
            if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 1 || value[0].ValueKind != JsonValueKind.String)
            {
                return false;
            }

            var tag = new Tag(property.Name, value[0].GetString()!);
            if (!IsValidKey(tag.Key) || !Fits(StsParameters.TagValue, tag.Value) || !seen.Add(tag.Key)
                || tags.Count == StsParameters.MaxTags)
            {
                return false;
            }

            tags.Add(tag);
        }

        return true;
    }

    private static bool TryReadTransitiveKeys(JsonElement keys, List<Tag> tags, List<string> transitive)
    {
        if (keys.ValueKind != JsonValueKind.Array || keys.GetArrayLength() > StsParameters.MaxTransitiveTagKeys)
        {
            return false;
        }

        foreach (var key in keys.EnumerateArray())
        {
            if (key.ValueKind != JsonValueKind.String
                || !tags.Exists(t => string.Equals(t.Key, key.GetString(), StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            transitive.Add(key.GetString()!);
        }

        return true;
    }

    private static bool IsValidKey(string key) =>
        Fits(StsParameters.TagKey, key) && !key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase);

    private static bool Fits(StringRule rule, string value) =>
        value.Length >= rule.MinLength && value.Length <= rule.MaxLength && (rule.Pattern?.IsMatch(value) ?? true);
}
