namespace TokenBroker.Core.Credentials;

/// <summary>Serialized claims and how many of their bytes the session policies and the session tags take.</summary>
internal sealed record EncodedClaims(byte[] Bytes, int PolicyBytes, int TagBytes);
