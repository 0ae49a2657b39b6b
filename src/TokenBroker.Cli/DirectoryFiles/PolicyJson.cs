using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>
/// Turns a policy document written in YAML into compact JSON text, keeping key order. A document may also be given
/// as a string holding JSON; it is compacted the same way so that both spellings store the same text.
/// </summary>
internal static partial class PolicyJson
{
    private const int MaxDepth = 32;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The options every reader of a stored document uses: duplicate keys are an error, not last-wins.</summary>
    public static JsonDocumentOptions ReaderOptions { get; } = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>JSON text for the node; null (with an error) when the YAML cannot be represented as JSON.</summary>
    public static string? FromYaml(YamlNode node, FileErrors errors)
    {
        if (node is YamlScalarNode scalar && !IsPlainLiteral(scalar))
        {
            return Compact(scalar.Value ?? "");
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            if (!Write(writer, node, errors, 0))
            {
                return null;
            }
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The same JSON without insignificant whitespace; invalid JSON is returned unchanged for the validator to report.</summary>
    public static string Compact(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, ReaderOptions);
            var buffer = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                document.RootElement.WriteTo(writer);
            }

            return Encoding.UTF8.GetString(buffer.WrittenSpan);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static bool Write(Utf8JsonWriter writer, YamlNode node, FileErrors errors, int depth)
    {
        // Aliases would let a few lines expand into an exponentially large document ("billion laughs").
        if (!node.Anchor.IsEmpty || depth > MaxDepth)
        {
            var message = depth > MaxDepth ? "the policy document is nested too deeply." : "anchors and aliases are not allowed in policy documents.";
            errors.Add(YamlFieldReader.LineOf(node), message);
            return false;
        }

        return node switch
        {
            YamlMappingNode mapping => WriteObject(writer, mapping, errors, depth),
            YamlSequenceNode sequence => WriteArray(writer, sequence, errors, depth),
            YamlScalarNode scalar => WriteScalar(writer, scalar),
            _ => false,
        };
    }

    private static bool WriteObject(Utf8JsonWriter writer, YamlMappingNode mapping, FileErrors errors, int depth)
    {
        writer.WriteStartObject();
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode name)
            {
                errors.Add(YamlFieldReader.LineOf(key), "policy document keys must be strings.");
                return false;
            }

            writer.WritePropertyName(name.Value ?? "");
            if (!Write(writer, value, errors, depth + 1))
            {
                return false;
            }
        }

        writer.WriteEndObject();
        return true;
    }

    private static bool WriteArray(Utf8JsonWriter writer, YamlSequenceNode sequence, FileErrors errors, int depth)
    {
        writer.WriteStartArray();
        foreach (var item in sequence.Children)
        {
            if (!Write(writer, item, errors, depth + 1))
            {
                return false;
            }
        }

        writer.WriteEndArray();
        return true;
    }

    // Unquoted true/false/null and JSON-shaped numbers keep their JSON type (YAML 1.2 core schema); all else is a string.
    private static bool WriteScalar(Utf8JsonWriter writer, YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain)
        {
            writer.WriteStringValue(text);
        }
        else if (YamlFieldReader.IsNull(scalar))
        {
            writer.WriteNullValue();
        }
        else if (text is "true" or "false")
        {
            writer.WriteBooleanValue(text == "true");
        }
        else if (JsonNumber().IsMatch(text))
        {
            writer.WriteRawValue(text);
        }
        else
        {
            writer.WriteStringValue(text);
        }

        return true;
    }

    private static bool IsPlainLiteral(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && (YamlFieldReader.IsNull(scalar) || scalar.Value is "true" or "false" || JsonNumber().IsMatch(scalar.Value ?? ""));

    /// <summary>Numbers as JSON spells them (RFC 8259 §6).</summary>
    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    public static partial Regex JsonNumber();
}
