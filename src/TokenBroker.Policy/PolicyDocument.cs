using TokenBroker.Policy.Parsing;

namespace TokenBroker.Policy;

/// <summary>Entry point of the policy language: parse, validate by kind and compile a JSON policy document.</summary>
public static class PolicyDocument
{
    /// <summary>Parses, validates and compiles a policy document as the given kind.</summary>
    public static PolicyParseResult Parse(string json, PolicyKind kind)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new PolicyParser(kind).Parse(json);
    }
}
