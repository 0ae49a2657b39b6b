namespace TokenBroker.Policy;

/// <summary>A validation error: AWS's MalformedPolicyDocument wording and the JSON path it refers to.</summary>
/// <param name="Path">The JSON path of the offending element, for example <c>$.Statement[0].Principal</c>.</param>
/// <param name="Message">The message in AWS's wording where AWS has one.</param>
public sealed record PolicyError(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Message} ({Path})";
}
