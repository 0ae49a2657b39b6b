using CsCheck;
using TokenBroker.Policy.Evaluation;
using TokenBroker.Policy.Matching;
using Xunit;

namespace TokenBroker.Policy.Tests;

public sealed class GlobPropertyTests
{
    private static readonly Gen<string> Text = Gen.Char["ab/:"].Array[0, 8].Select(c => new string(c));
    private static readonly Gen<string> GlobText = Gen.Char["ab/:*?"].Array[0, 8].Select(c => new string(c));

    /// <summary>The obviously correct exponential reference: try every split at each '*'.</summary>
    private static bool Reference(string pattern, string input)
    {
        if (pattern.Length == 0)
        {
            return input.Length == 0;
        }

        return pattern[0] switch
        {
            '*' => Enumerable.Range(0, input.Length + 1).Any(i => Reference(pattern[1..], input[i..])),
            '?' => input.Length > 0 && Reference(pattern[1..], input[1..]),
            var c => input.Length > 0 && input[0] == c && Reference(pattern[1..], input[1..]),
        };
    }

    [Fact]
    public void Match_RandomGlobs_AgreesWithReferenceMatcher()
    {
        Gen.Select(GlobText, Text).Sample((pattern, input) =>
            (Pattern.Compile(pattern, glob: true, variables: false).Match(input, null, ignoreCase: false)
                == MatchOutcome.Match) == Reference(pattern, input));
    }

    [Fact]
    public void Match_PatternWithoutWildcards_IsExactEquality()
    {
        Gen.Select(Text, Text).Sample((pattern, input) =>
            (Pattern.Compile(pattern, glob: true, variables: false).Match(input, null, ignoreCase: false)
                == MatchOutcome.Match) == (pattern == input));
    }

    [Fact]
    public void Match_ExactMode_TreatsWildcardsAsLiterals()
    {
        Gen.Select(GlobText, GlobText).Sample((pattern, input) =>
            (Pattern.Compile(pattern, glob: false, variables: false).Match(input, null, ignoreCase: false)
                == MatchOutcome.Match) == (pattern == input));
    }

    [Fact]
    public void Match_IgnoreCase_AgreesWithReferenceOnUpperCasedInput()
    {
        Gen.Select(GlobText, Text).Sample((pattern, input) =>
            (Pattern.Compile(pattern, glob: true, variables: false).Match(input.ToUpperInvariant(), null, ignoreCase: true)
                == MatchOutcome.Match) == Reference(pattern, input));
    }

    [Theory]
    [InlineData("s3:DeleteObject*", "s3:DeleteObject", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("ab*", "a", false)]
    [InlineData("a.b", "aXb", false)]
    [InlineData("a+", "aa", false)]
    [InlineData("**", "", true)]
    [InlineData("?", "", false)]
    public void Match_WildcardIsNotRegex_BehavesAsGlob(string pattern, string input, bool expected)
    {
        var outcome = Pattern.Compile(pattern, glob: true, variables: false).Match(input, null, ignoreCase: false);
        Assert.Equal(expected, outcome == MatchOutcome.Match);
    }

    [Fact]
    public void Match_ManyStarsAgainstLongInput_CompletesWithoutBacktrackingBlowUp()
    {
        var pattern = Pattern.Compile(string.Concat(Enumerable.Repeat("a*", 30)) + "b", glob: true, variables: false);
        Assert.Equal(MatchOutcome.NoMatch, pattern.Match(new string('a', 5000), null, ignoreCase: false));
    }

    /// <summary>
    /// Variables resolve once per match into stack room (or an array beyond its capacity): a pattern with up to 12
    /// variables matches exactly as the glob with their values written in, and an absent variable is Unresolved.
    /// </summary>
    [Fact]
    public void Match_PatternWithVariables_AgreesWithSubstitutedReference()
    {
        var parts = Gen.Select(GlobText, Text).Array[0, 12];
        Gen.Select(parts, Text).Sample((pieces, input) =>
        {
            var context = new RequestContext();
            var text = string.Concat(pieces.Select((p, i) => p.Item1 + "${k" + i + "}"));
            var substituted = string.Concat(pieces.Select(p => p.Item1 + p.Item2));
            for (var i = 0; i < pieces.Length; i++)
            {
                context.Set("k" + i, pieces[i].Item2);
            }

            var pattern = Pattern.Compile(text, glob: true, variables: true);
            var expected = Reference(substituted, input) ? MatchOutcome.Match : MatchOutcome.NoMatch;
            Assert.Equal(expected, pattern.Match(input, context, ignoreCase: false));
            if (pieces.Length > 0)
            {
                Assert.Equal(MatchOutcome.Unresolved, pattern.Match(input, new RequestContext(), ignoreCase: false));
            }
        });
    }
}
