using CsCheck;
using TokenBroker.Policy.Matching;
using Xunit;

namespace TokenBroker.Policy.Tests;

/// <summary>A Resource of three to five components matches as the IAM User Guide's trailing-* rule says.</summary>
public sealed class ShortResourcePropertyTests
{
    private static readonly Gen<string> Segment = Gen.Char["ab1-"].Array[0, 3].Select(c => new string(c));
    private static readonly Gen<string> GlobSegment = Gen.Char["ab1-*?"].Array[0, 4].Select(c => new string(c));

    /// <summary>A six-component ARN; the resource part may hold further colons.</summary>
    private static readonly Gen<string> Arn =
        Gen.Select(Segment, Segment, Segment, Segment, Gen.Char["ab1/:"].Array[0, 5])
            .Select((service, region, account, extra, resource) =>
                $"arn:aws:{(service.Length == 0 ? "a" : service)}:{region}:{account}:{extra}{new string(resource)}");

    /// <summary>Pattern components after "arn:aws": a literal service, then region and account globs.</summary>
    private static readonly Gen<string[]> ShortTail =
        Gen.Int[1, 3].SelectMany(count => Gen.Select(Segment, GlobSegment.Array[count - 1])
            .Select((service, rest) => (string[])[service.Length == 0 ? "a" : service, .. rest]));

    [Fact]
    public void Match_ShortResourceEndingInStar_MatchesAsIfMissingComponentsWereStars()
    {
        Gen.Select(ShortTail, Arn).Sample((tail, arn) =>
        {
            tail[^1] += "*";
            var shortPattern = "arn:aws:" + string.Join(':', tail);
            var filled = "arn:aws:" + string.Join(':', tail.Concat(Enumerable.Repeat("*", 4 - tail.Length)));

            return Compile(shortPattern).Match(arn, null) == Compile(filled).Match(arn, null);
        });
    }

    [Fact]
    public void Match_ShortResourceWithoutTrailingStar_NeverMatchesAndIsUnresolvedWhereStarsWouldMatch()
    {
        Gen.Select(ShortTail, Arn).Where((tail, _) => !tail[^1].EndsWith('*')).Sample((tail, arn) =>
        {
            var shortPattern = "arn:aws:" + string.Join(':', tail);
            var filled = "arn:aws:" + string.Join(':', tail.Concat(Enumerable.Repeat("*", 4 - tail.Length)));
            var expected = Compile(filled).Match(arn, null) == MatchOutcome.Match ? MatchOutcome.Unresolved : MatchOutcome.NoMatch;

            return Compile(shortPattern).Match(arn, null) == expected;
        });
    }

    private static ArnPattern Compile(string pattern) => ArnPattern.Compile(pattern, variables: true, resourceElement: true);
}
