namespace TokenBroker.Policy.Matching;

/// <summary>One literal run, one <c>?</c>, or one policy variable with its optional default and its slot among the pattern's variables.</summary>
internal readonly record struct PatternToken(PatternTokenKind Kind, string Text, string? Default, int Slot = 0);
