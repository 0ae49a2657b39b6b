using TokenBroker.Core.Model;

namespace TokenBroker.Core.Authentication.SigV4;

/// <summary>
/// What a well-formed, in-time SigV4 request claims about its signer; only <see cref="SigV4Parser"/> makes these,
/// and the signature is not yet checked: look up the secret for <see cref="AccessKeyId"/> and pass both to
/// <see cref="SigV4Verifier.Verify"/>.
/// </summary>
public sealed class SigV4Claims
{
    internal SigV4Claims(
        SigV4Request request,
        AccessKeyId accessKeyId,
        CredentialScope scope,
        string timestamp,
        DateTimeOffset signingTime,
        string signedHeaders,
        string signature,
        string? securityToken,
        bool isPresigned)
    {
        Request = request;
        AccessKeyId = accessKeyId;
        Scope = scope;
        Timestamp = timestamp;
        SigningTime = signingTime;
        SignedHeaders = signedHeaders;
        Signature = signature;
        SecurityToken = securityToken;
        IsPresigned = isPresigned;
    }

    /// <summary>The access key id from the credential scope.</summary>
    public AccessKeyId AccessKeyId { get; }

    /// <summary>The region the credential is scoped to.</summary>
    public string Region => Scope.Region;

    /// <summary>The service the credential is scoped to.</summary>
    public string Service => Scope.Service;

    /// <summary>The time the caller says it signed the request (X-Amz-Date or Date).</summary>
    public DateTimeOffset SigningTime { get; }

    /// <summary>The session token from X-Amz-Security-Token (header or query), or null for long-term keys.</summary>
    public string? SecurityToken { get; }

    /// <summary>True for the presigned query-string form, false for the Authorization header form.</summary>
    public bool IsPresigned { get; }

    /// <summary>The semicolon-separated, lowercase, sorted names of the signed headers.</summary>
    public string SignedHeaders { get; }

    internal SigV4Request Request { get; }

    internal CredentialScope Scope { get; }

    internal string Timestamp { get; }

    internal string Signature { get; }
}
