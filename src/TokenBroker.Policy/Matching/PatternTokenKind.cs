namespace TokenBroker.Policy.Matching;

/// <summary>The parts a pattern segment is made of; <c>*</c> is not a token but the boundary between segments.</summary>
internal enum PatternTokenKind
{
    Literal,
    AnyChar,
    Variable,
}
