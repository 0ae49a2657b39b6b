using TokenBroker.Core.Model;

namespace TokenBroker.Core.Credentials;

/// <summary>The Credentials element of an STS response: AccessKeyId, SecretAccessKey, SessionToken and Expiration.</summary>
public sealed record TemporaryCredentials(AccessKeyId AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration)
{
    /// <summary>Keeps the secret and the token out of logs.</summary>
    public override string ToString() => $"TemporaryCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:O} }}";
}
