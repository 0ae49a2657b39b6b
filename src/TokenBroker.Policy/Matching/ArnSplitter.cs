namespace TokenBroker.Policy.Matching;

/// <summary>Splits an ARN into its six colon-delimited components; the resource part keeps any further colons.</summary>
internal static class ArnSplitter
{
    /// <summary>The number of components of an ARN: arn, partition, service, region, account, resource.</summary>
    public const int Components = 6;

    /// <summary>Fills <paramref name="ranges"/> with the six components of <paramref name="arn"/>.</summary>
    public static bool TrySplit(ReadOnlySpan<char> arn, Span<Range> ranges)
    {
        var start = 0;
        for (var i = 0; i < Components - 1; i++)
        {
            var colon = arn[start..].IndexOf(':');
            if (colon < 0)
            {
                return false;
            }

            ranges[i] = new Range(start, start + colon);
            start += colon + 1;
        }

        ranges[Components - 1] = new Range(start, arn.Length);
        return true;
    }

    /// <summary>Splits pattern text at the first five colons that are not inside a <c>${...}</c> variable.</summary>
    public static List<string> SplitPattern(string text)
    {
        var parts = new List<string>(Components);
        var start = 0;
        for (var i = 0; i < text.Length && parts.Count < Components - 1; i++)
        {
            if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
            {
                var close = text.IndexOf('}', i);
                i = close < 0 ? text.Length : close;
            }
            else if (text[i] == ':')
            {
                parts.Add(text[start..i]);
                start = i + 1;
            }
        }

        parts.Add(text[start..]);
        return parts;
    }
}
