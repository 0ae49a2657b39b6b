namespace TokenBroker.Policy.Matching;

/// <summary>Result of matching a pattern: a policy variable that cannot be resolved is neither a match nor a miss.</summary>
internal enum MatchOutcome
{
    NoMatch,
    Match,
    Unresolved,
}
