namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>The parts of "AKID/yyyyMMdd/region/service/aws4_request" (SigV4: credential scope).</summary>
internal sealed record CredentialScope(string AccessKeyId, string Date, string Region, string Service, string Terminator)
{
    public const string Aws4Request = "aws4_request";

    /// <summary>Splits the credential into its five slash-delimited elements, or returns null if there are not exactly five.</summary>
    public static CredentialScope? TryParse(string credential)
    {
        Span<Range> parts = stackalloc Range[6];
        var count = credential.AsSpan().Split(parts, '/');
        if (count != 5)
        {
            return null;
        }

        return new CredentialScope(
            credential[parts[0]], credential[parts[1]], credential[parts[2]], credential[parts[3]], credential[parts[4]]);
    }
}
