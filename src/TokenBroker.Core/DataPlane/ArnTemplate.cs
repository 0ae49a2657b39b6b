using System.Runtime.CompilerServices;
using System.Text;

namespace TokenBroker.Core.DataPlane;

/// <summary>
/// The ARN templates of resource types, as AWS's Service Authorization Reference writes them:
/// <c>arn:${Partition}:orders:${Region}:${Account}:order/${OrderId}</c>. ${Partition}, ${Region} and ${Account} come
/// from the request and the service; every other variable comes from a route's path.
/// </summary>
public static class ArnTemplate
{
    /// <summary>The variables the broker fills itself.</summary>
    public static IReadOnlySet<string> BuiltInVariables { get; } = new HashSet<string>(["Partition", "Region", "Account"], StringComparer.Ordinal);

    /// <summary>The variable names of a template, or null when its ${…} syntax is broken or a name is not alphanumeric.</summary>
    public static IReadOnlyList<string>? Variables(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var names = new List<string>();
        var index = 0;
        while ((index = template.IndexOf('$', index)) >= 0)
        {
            if (index + 1 >= template.Length || template[index + 1] != '{')
            {
                return null;
            }

            var end = template.IndexOf('}', index);
            var name = end < 0 ? "" : template[(index + 2)..end];
            if (name.Length == 0 || !name.All(char.IsAsciiLetterOrDigit))
            {
                return null;
            }

            names.Add(name);
            index = end + 1;
        }

        return template.Contains('}', StringComparison.Ordinal) && names.Count == 0 ? null : names;
    }

    /// <summary>The ARN with every variable replaced, or null when a variable has no value.</summary>
    public static string? Render(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var builder = new StringBuilder(template.Length + 32);
        var index = 0;
        while (index < template.Length)
        {
            var start = template.IndexOf("${", index, StringComparison.Ordinal);
            if (start < 0)
            {
                builder.Append(template, index, template.Length - index);
                break;
            }

            var end = template.IndexOf('}', start);
            if (end < 0 || !values.TryGetValue(template[(start + 2)..end], out var value))
            {
                return null;
            }

            builder.Append(template, index, start - index).Append(value);
            index = end + 1;
        }

        return builder.ToString();
    }

    /// <summary>
    /// The ARN with ${Partition}, ${Region} and ${Account} given and every other variable from <paramref name="variables"/>,
    /// or null when a variable has no value; the built-in values win over a path variable of the same name.
    /// </summary>
    public static string? Render(string template, IReadOnlyDictionary<string, string> variables, string partition, string region, string account)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(variables);
        var builder = new DefaultInterpolatedStringHandler(template.Length + 32, 0);
        var text = template.AsSpan();
        while (!text.IsEmpty)
        {
            var start = text.IndexOf("${", StringComparison.Ordinal);
            if (start < 0)
            {
                builder.AppendFormatted(text);
                break;
            }

            var end = text[start..].IndexOf('}');
            var name = end < 0 ? default : text.Slice(start + 2, end - 2);
            var value = end < 0 ? null : name switch
            {
                "Partition" => partition,
                "Region" => region,
                "Account" => account,
                _ => variables.TryGetValue(name.ToString(), out var found) ? found : null,
            };
            if (value is null)
            {
                builder.ToStringAndClear();
                return null;
            }

            builder.AppendFormatted(text[..start]);
            builder.AppendFormatted(value);
            text = text[(start + end + 1)..];
        }

        return builder.ToStringAndClear();
    }
}
