namespace TokenBroker.Core.Model;

/// <summary>IAM AssertionEncryptionModeType: whether a SAML provider accepts plain assertions as well as encrypted ones.</summary>
public enum AssertionEncryptionMode
{
    /// <summary>Encrypted and plain assertions are both accepted.</summary>
    Allowed,

    /// <summary>Only encrypted assertions are accepted; a plain one is refused.</summary>
    Required,
}
