using TokenBroker.Core.Model;

namespace TokenBroker.Core.Outbound;

/// <summary>What a web identity token says, before it is signed (IAM User Guide, "Understanding token claims").</summary>
/// <param name="Issuer">iss: the account's issuer URL.</param>
/// <param name="Subject">sub: the principal's ARN (the role's ARN for a role session, as AWS).</param>
/// <param name="Audiences">aud: one string, or an array when several.</param>
/// <param name="IssuedAt">iat and nbf.</param>
/// <param name="Expiration">exp.</param>
/// <param name="TokenId">jti.</param>
/// <param name="Account">aws_account.</param>
/// <param name="SourceRegion">source_region: the region the request was signed for.</param>
/// <param name="PrincipalTags">principal_tags: the caller's tags (a role session's include its session tags).</param>
/// <param name="RequestTags">request_tags: the Tags of the request, as custom claims.</param>
public sealed record WebIdentityTokenContent(
    string Issuer,
    string Subject,
    IReadOnlyList<string> Audiences,
    DateTimeOffset IssuedAt,
    DateTimeOffset Expiration,
    string TokenId,
    AccountId Account,
    string SourceRegion,
    IReadOnlyList<Tag> PrincipalTags,
    IReadOnlyList<Tag> RequestTags);
