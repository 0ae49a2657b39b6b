namespace TokenBroker.Policy.Matching;

/// <summary>
/// Result of matching a pattern. A policy variable that cannot be resolved, or a shortened Resource whose meaning AWS
/// leaves open, is <see cref="Unresolved"/>: neither a match nor a miss, so each caller can fail closed.
/// </summary>
internal enum MatchOutcome
{
    NoMatch,
    Match,
    Unresolved,
}
