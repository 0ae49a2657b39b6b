namespace TokenBroker.Core.Tests.Authentication.SigV4;

/// <summary>The AWS documentation's example key pair and a session-token pair; never real credentials.</summary>
internal static class TestKeys
{
    public const string AccessKeyId = "AKIAIOSFODNN7EXAMPLE";
    public const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public const string TemporaryAccessKeyId = "ASIAIOSFODNN7EXAMPLE";
    public const string TemporarySecret = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    public const string SessionToken = "IQoJb3JpZ2luX2VjEXAMPLE+/=TOKEN";
    public const string Region = "us-east-1";
    public static readonly DateTimeOffset SigningTime = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
}
