using System.Globalization;
using System.Xml;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Reads the AttributeStatements of a verified assertion and applies AWS's attribute rules (reference/sts.md b.5
/// items 5–8). Attribute names are case-sensitive; an attribute named twice is refused as ambiguous.
/// </summary>
internal static class SamlAttributeReader
{
    public static StsResult<SamlAwsAttributes> Read(IReadOnlyList<XmlElement> statements)
    {
        var all = ReadAll(statements);
        if (all is null)
        {
            return SamlErrors.Invalid();
        }

        var roleSessionName = ReadRoleSessionName(all);
        if (!roleSessionName.IsSuccess)
        {
            return roleSessionName.Error;
        }

        var sessionDuration = ReadSessionDuration(all);
        if (!sessionDuration.IsSuccess)
        {
            return sessionDuration.Error;
        }

        var sourceIdentity = ReadSourceIdentity(all);
        if (!sourceIdentity.IsSuccess)
        {
            return sourceIdentity.Error;
        }

        var tags = ReadPrincipalTags(all);
        if (!tags.IsSuccess)
        {
            return tags.Error;
        }

        var roles = all.GetValueOrDefault(SamlNames.RoleAttribute, [])
            .Select(SamlRolePair.Parse)
            .OfType<SamlRolePair>()
            .ToList();
        var transitive = all.GetValueOrDefault(SamlNames.TransitiveTagKeysAttribute, []);
        return new SamlAwsAttributes(roles, roleSessionName.Value, sessionDuration.Value, sourceIdentity.Value, tags.Value, transitive, all);
    }

    private static Dictionary<string, IReadOnlyList<string>>? ReadAll(IReadOnlyList<XmlElement> statements)
    {
        var all = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var statement in statements)
        {
            var attributes = SamlXml.Children(statement);
            if (attributes is null)
            {
                return null;
            }

            foreach (var attribute in attributes)
            {
                // EncryptedAttribute is not supported; an unknown child means we would silently miss a value.
                if (!SamlXml.Is(attribute, SamlNames.Assertion, "Attribute")
                    || SamlXml.Attribute(attribute, "Name") is not { Length: > 0 } name
                    || ReadValues(attribute) is not { } values
                    || !all.TryAdd(name, values))
                {
                    return null;
                }
            }
        }

        return all;
    }

    private static List<string>? ReadValues(XmlElement attribute)
    {
        var children = SamlXml.Children(attribute);
        if (children is null)
        {
            return null;
        }

        var values = new List<string>(children.Count);
        foreach (var child in children)
        {
            // Comment-safe: a value with a comment or child element is refused, never read in part (SamlXml.Text).
            if (!SamlXml.Is(child, SamlNames.Assertion, "AttributeValue") || SamlXml.Text(child) is not { } value)
            {
                return null;
            }

            values.Add(value);
        }

        return values;
    }

    private static StsResult<string> ReadRoleSessionName(Dictionary<string, IReadOnlyList<string>> all)
    {
        if (!all.TryGetValue(SamlNames.RoleSessionNameAttribute, out var values) || values.Count == 0)
        {
            return SamlErrors.MissingRoleSessionName();
        }

        var name = values[0];
        return values.Count == 1 && name.Length is >= 2 and <= 64 && Pattern.SessionName.IsMatch(name)
            ? name
            : SamlErrors.InvalidRoleSessionName();
    }

    private static StsResult<int?> ReadSessionDuration(Dictionary<string, IReadOnlyList<string>> all)
    {
        if (!all.TryGetValue(SamlNames.SessionDurationAttribute, out var values))
        {
            return (int?)null;
        }

        return values.Count == 1
            && int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 900 and <= 43200
            ? seconds
            : SamlErrors.InvalidSessionDuration();
    }

    private static StsResult<string?> ReadSourceIdentity(Dictionary<string, IReadOnlyList<string>> all)
    {
        if (!all.TryGetValue(SamlNames.SourceIdentityAttribute, out var values))
        {
            return (string?)null;
        }

        // AWS: 2–64 characters of [\w+=,.@-] (AssumeRole's SourceIdentity shape; the class has no ':' so no "aws:").
        var value = values.Count == 1 ? values[0] : "";
        return value.Length is >= 2 and <= 64 && Pattern.SessionName.IsMatch(value)
            ? value
            : SamlErrors.InvalidSourceIdentity();
    }

    private static StsResult<IReadOnlyList<Tag>> ReadPrincipalTags(Dictionary<string, IReadOnlyList<string>> all)
    {
        var tags = new List<Tag>();
        foreach (var (name, values) in all)
        {
            if (!name.StartsWith(SamlNames.PrincipalTagAttributePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = name[SamlNames.PrincipalTagAttributePrefix.Length..];
            if (key.Length == 0 || values.Count != 1)
            {
                return SamlErrors.InvalidPrincipalTag();
            }

            tags.Add(new Tag(key, values[0]));
        }

        return tags;
    }
}
