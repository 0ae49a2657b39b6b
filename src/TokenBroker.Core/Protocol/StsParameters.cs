namespace TokenBroker.Core.Protocol;

/// <summary>Shape constraints of every STS request member (botocore sts/2011-06-15 service-2.json; reference/sts.md b.2).</summary>
public static class StsParameters
{
    /// <summary>RoleArn, PrincipalArn and PolicyArns[].arn: 20..2048, arnType characters.</summary>
    public static StringRule Arn { get; } = new(20, 2048, Pattern.Arn);

    /// <summary>RoleSessionName: 2..64, <c>[\w+=,.@-]*</c>.</summary>
    public static StringRule RoleSessionName { get; } = new(2, 64, Pattern.SessionName);

    /// <summary>GetFederationToken Name: 2..32, <c>[\w+=,.@-]*</c>.</summary>
    public static StringRule FederatedUserName { get; } = new(2, 32, Pattern.SessionName);

    /// <summary>SourceIdentity: 2..64, <c>[\w+=,.@-]*</c>.</summary>
    public static StringRule SourceIdentity { get; } = new(2, 64, Pattern.SessionName);

    /// <summary>ExternalId: 2..1224, <c>[\w+=,.@:\/-]*</c>.</summary>
    public static StringRule ExternalId { get; } = new(2, 1224, Pattern.ExternalId);

    /// <summary>SerialNumber: 9..256, <c>[\w+=/:,.@-]*</c>.</summary>
    public static StringRule SerialNumber { get; } = new(9, 256, Pattern.SerialNumber);

    /// <summary>TokenCode: exactly 6 digits; never echoed.</summary>
    public static StringRule TokenCode { get; } = new(6, 6, Pattern.TokenCode, Sensitive: true);

    /// <summary>AssumeRole's Policy: at least 1 character, no maximum since 2023-10 (the token cap limits it).</summary>
    public static StringRule AssumeRolePolicy { get; } = new(1, int.MaxValue, Pattern.PolicyDocument);

    /// <summary>The Policy of the other operations: 1..2048.</summary>
    public static StringRule SessionPolicy { get; } = new(1, 2048, Pattern.PolicyDocument);

    /// <summary>Tag keys: 1..128.</summary>
    public static StringRule TagKey { get; } = new(1, 128, Pattern.TagKey);

    /// <summary>Tag values: 0..256.</summary>
    public static StringRule TagValue { get; } = new(0, 256, Pattern.TagValue, Required: true);

    /// <summary>GetAccessKeyInfo AccessKeyId: 16..128, <c>[\w]*</c>.</summary>
    public static StringRule AccessKeyId { get; } = new(16, 128, Pattern.AccessKeyId);

    /// <summary>SAMLAssertion: 4..100000; never echoed.</summary>
    public static StringRule SamlAssertion { get; } = new(4, 100_000, null, Sensitive: true);

    /// <summary>WebIdentityToken: 4..20000; never echoed.</summary>
    public static StringRule WebIdentityToken { get; } = new(4, 20_000, null, Sensitive: true);

    /// <summary>ProviderId: 4..2048.</summary>
    public static StringRule ProviderId { get; } = new(4, 2048, null);

    /// <summary>Most PolicyArns per request.</summary>
    public const int MaxPolicyArns = 10;

    /// <summary>Most session tags per request.</summary>
    public const int MaxTags = 50;

    /// <summary>Most transitive tag keys per request.</summary>
    public const int MaxTransitiveTagKeys = 50;
}
