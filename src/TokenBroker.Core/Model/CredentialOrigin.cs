namespace TokenBroker.Core.Model;

/// <summary>Who owns an access key or MFA device: the directory file, or the IAM API that created it (docs/iam.md, ownership).</summary>
public enum CredentialOrigin
{
    /// <summary>Written by <c>directory apply</c>; the file decides whether it exists.</summary>
    File,

    /// <summary>Created through the IAM API; <c>directory apply</c> leaves it alone unless the file names it by id.</summary>
    Api,
}
