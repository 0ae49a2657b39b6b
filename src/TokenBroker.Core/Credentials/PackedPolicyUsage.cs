using System.Globalization;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// How much of a session token's 4,096-character budget the packed session policies and session tags take. The
/// allotted space is what the token leaves for them after its fixed parts (certificate, principal, signature).
/// </summary>
/// <param name="PolicyBytes">Packed bytes of the session policies (inline Policy and PolicyArns).</param>
/// <param name="TagBytes">Packed bytes of the session tags and TransitiveTagKeys.</param>
/// <param name="OtherBytes">Raw bytes of everything else in the token.</param>
internal sealed record PackedPolicyUsage(int PolicyBytes, int TagBytes, int OtherBytes)
{
    /// <summary>Raw bytes available to session policies and tags.</summary>
    public int AllottedBytes => Math.Max(1, SessionTokenFormat.MaxTokenBytes - OtherBytes);

    /// <summary>PackedPolicySize as STS reports it: policies and tags as a whole percentage of the allotted space, rounded up.</summary>
    public int PackedPolicySize => Percent(PolicyBytes + TagBytes);

    /// <summary>True when the token would exceed 4,096 characters.</summary>
    public bool IsTooLarge => PolicyBytes + TagBytes + OtherBytes > SessionTokenFormat.MaxTokenBytes;

    /// <summary>The session token's length in characters (base64 of the raw bytes).</summary>
    public int SessionTokenSize => (PolicyBytes + TagBytes + OtherBytes + 2) / 3 * 4;

    /// <summary>
    /// PackedPolicyTooLarge with AWS's wording (reference/sts.md b.1), naming the session tags when they take more
    /// space than the policies; the percentage is <see cref="PackedPolicySize"/>, so it is above 100.
    /// </summary>
    public StsError ToError()
    {
        var percent = PackedPolicySize.ToString(CultureInfo.InvariantCulture);
        return StsErrors.PackedPolicyTooLarge(TagBytes > PolicyBytes
            ? $"Packed size of session tags consumes {percent}% of allotted space"
            : $"Packed policy consumes {percent}% of allotted space, please use a smaller policy.");
    }

    private int Percent(int bytes) => bytes == 0 ? 0 : (int)((bytes * 100L + AllottedBytes - 1) / AllottedBytes);
}
