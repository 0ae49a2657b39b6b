namespace TokenBroker.Core.Protocol;

/// <summary>A string member's shape constraints from the STS model; sensitive values are never echoed in messages.</summary>
public sealed record StringRule(int MinLength, int MaxLength, Pattern? Pattern, bool Required = false, bool Sensitive = false)
{
    /// <summary>The same rule, marked required.</summary>
    public StringRule AsRequired() => this with { Required = true };
}
