using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>Reads typed fields out of YAML mappings, reporting unknown fields and wrong types with their line.</summary>
internal sealed class YamlFieldReader(FileErrors errors)
{
    public FileErrors Errors => errors;

    public static int LineOf(YamlNode node) => checked((int)node.Start.Line);

    /// <summary>The fields of a mapping by name; an unknown field or a non-mapping is reported.</summary>
    public Dictionary<string, YamlNode> Fields(YamlNode node, string what, params string[] allowed)
    {
        var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        if (node is not YamlMappingNode mapping)
        {
            errors.Add(LineOf(node), $"{what} must be a mapping.");
            return fields;
        }

        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode scalar ? scalar.Value ?? "" : "";
            if (!allowed.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(LineOf(key), $"unknown field '{name}' in {what}; expected one of: {string.Join(", ", allowed)}.");
                continue;
            }

            fields[name] = value;
        }

        return fields;
    }

    /// <summary>A string field; null when absent or empty (reported when required).</summary>
    public Located<string>? String(Dictionary<string, YamlNode> fields, string name, YamlNode owner, string what, bool required)
    {
        if (!fields.TryGetValue(name, out var node) || IsNull(node))
        {
            if (required)
            {
                errors.Add(LineOf(owner), $"{what} is missing the required field '{name}'.");
            }

            return null;
        }

        if (node is not YamlScalarNode scalar)
        {
            errors.Add(LineOf(node), $"'{name}' must be a string.");
            return null;
        }

        return new Located<string>(scalar.Value ?? "", LineOf(node));
    }

    /// <summary>An integer field, or the default when absent.</summary>
    public Located<int> Integer(Dictionary<string, YamlNode> fields, string name, YamlNode owner, int defaultValue)
    {
        if (!fields.TryGetValue(name, out var node) || IsNull(node))
        {
            return new Located<int>(defaultValue, LineOf(owner));
        }

        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar
            && int.TryParse(scalar.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return new Located<int>(value, LineOf(node));
        }

        errors.Add(LineOf(node), $"'{name}' must be an integer.");
        return new Located<int>(defaultValue, LineOf(node));
    }

    /// <summary>A boolean field (plain true or false), or the default when absent.</summary>
    public Located<bool> Boolean(Dictionary<string, YamlNode> fields, string name, YamlNode owner, bool defaultValue)
    {
        if (!fields.TryGetValue(name, out var node) || IsNull(node))
        {
            return new Located<bool>(defaultValue, LineOf(owner));
        }

        if (node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain, Value: "true" or "false" } scalar)
        {
            return new Located<bool>(scalar.Value == "true", LineOf(node));
        }

        errors.Add(LineOf(node), $"'{name}' must be true or false.");
        return new Located<bool>(defaultValue, LineOf(node));
    }

    /// <summary>The items of a list field; empty when absent.</summary>
    public Located<IReadOnlyList<YamlNode>> Sequence(Dictionary<string, YamlNode> fields, string name, YamlNode owner)
    {
        if (!fields.TryGetValue(name, out var node) || IsNull(node))
        {
            return new Located<IReadOnlyList<YamlNode>>([], LineOf(owner));
        }

        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(LineOf(node), $"'{name}' must be a list.");
            return new Located<IReadOnlyList<YamlNode>>([], LineOf(node));
        }

        return new Located<IReadOnlyList<YamlNode>>(sequence.Children.ToList(), LineOf(node));
    }

    /// <summary>A list of strings, each with its line.</summary>
    public Located<IReadOnlyList<Located<string>>> Strings(Dictionary<string, YamlNode> fields, string name, YamlNode owner)
    {
        var items = Sequence(fields, name, owner);
        var values = new List<Located<string>>();
        foreach (var item in items.Value)
        {
            if (item is YamlScalarNode scalar && !IsNull(item))
            {
                values.Add(new Located<string>(scalar.Value ?? "", LineOf(item)));
            }
            else
            {
                errors.Add(LineOf(item), $"'{name}' items must be strings.");
            }
        }

        return new Located<IReadOnlyList<Located<string>>>(values, items.Line);
    }

    /// <summary>True for an empty value, <c>null</c> or <c>~</c> written without quotes.</summary>
    public static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar
        && (string.IsNullOrEmpty(scalar.Value) || scalar.Value is "null" or "Null" or "NULL" or "~");
}
