namespace TokenBroker.Core.Model;

/// <summary>A long-term access key of an IAM user (at most 2 per user); the secret is plaintext only in memory.</summary>
public sealed record AccessKey(
    AccessKeyId AccessKeyId,
    AccountId Account,
    string UserName,
    string SecretAccessKey,
    AccessKeyStatus Status,
    DateTimeOffset CreatedAt)
{
    /// <summary>Most access keys one user may have.</summary>
    public const int MaxPerUser = 2;

    /// <summary>Whether the directory file or the IAM API owns the key.</summary>
    public CredentialOrigin Origin { get; init; } = CredentialOrigin.File;

    /// <summary>Keeps the secret out of logs and exception messages.</summary>
    public override string ToString() => $"AccessKey {{ AccessKeyId = {AccessKeyId}, Account = {Account}, UserName = {UserName}, Status = {Status} }}";
}
