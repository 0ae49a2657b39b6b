using System.Runtime.CompilerServices;

namespace TokenBroker.Policy.Matching;

/// <summary>
/// Stack room for the values of a pattern's variables, so each is looked up once per match without allocating.
/// Patterns with more variables than this resolve into an array.
/// </summary>
[InlineArray(Capacity)]
internal struct ResolvedVariables
{
    public const int Capacity = 8;

    private string _element;
}
