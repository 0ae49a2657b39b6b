using System.Security.Cryptography;

namespace TokenBroker.Core.Credentials;

/// <summary>A signing-key certificate whose root signature was verified, with its public key ready for token checks.</summary>
internal sealed record VerifiedCertificate(SigningKeyCertificate Certificate, ECDsa PublicKey);
