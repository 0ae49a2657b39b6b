using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A thin layer over the YamlDotNet emitter: block mappings and lists, strings quoted when YAML would retype them.</summary>
internal sealed partial class YamlEventWriter(IEmitter emitter)
{
    public void BeginMapping(bool empty = false) =>
        emitter.Emit(new MappingStart(null, null, isImplicit: true, empty ? MappingStyle.Flow : MappingStyle.Block));

    public void EndMapping() => emitter.Emit(new MappingEnd());

    public void BeginList(bool empty = false) =>
        emitter.Emit(new SequenceStart(null, null, isImplicit: true, empty ? SequenceStyle.Flow : SequenceStyle.Block));

    public void EndList() => emitter.Emit(new SequenceEnd());

    public void Key(string name) => String(name);

    /// <summary>A string that reads back as the same string: quoted when it looks like a number, boolean or null.</summary>
    public void String(string value)
    {
        var quote = value.Length == 0 || Retyped().IsMatch(value);
        emitter.Emit(quote
            ? new Scalar(null, null, value, ScalarStyle.DoubleQuoted, isPlainImplicit: false, isQuotedImplicit: true)
            : new Scalar(value));
    }

    /// <summary>A scalar written without quotes (numbers, booleans, null).</summary>
    public void Plain(string value) => emitter.Emit(new Scalar(null, null, value, ScalarStyle.Plain, isPlainImplicit: true, isQuotedImplicit: false));

    /// <summary>A multi-line text as a literal block scalar, kept line for line.</summary>
    public void Literal(string name, string value)
    {
        Key(name);
        emitter.Emit(new Scalar(null, null, value, ScalarStyle.Literal, isPlainImplicit: false, isQuotedImplicit: true));
    }

    /// <summary>A comment at the end of the line just written; readers ignore it.</summary>
    public void InlineComment(string text) => emitter.Emit(new Comment(text, isInline: true));

    public void Field(string name, string value)
    {
        Key(name);
        String(value);
    }

    public void StringList(string name, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        Key(name);
        BeginList();
        foreach (var value in values)
        {
            String(value);
        }

        EndList();
    }

    // YAML 1.1 and 1.2 resolve these plain scalars to numbers, booleans, null or timestamps.
    [GeneratedRegex(@"^([-+.0-9~].*|(?i:true|false|yes|no|on|off|y|n|null)|.*[:#]\s.*|.*\s)$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex Retyped();
}
