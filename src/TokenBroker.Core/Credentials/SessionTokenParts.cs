namespace TokenBroker.Core.Credentials;

/// <summary>The parts of a split, not yet verified token.</summary>
internal readonly record struct SessionTokenParts(
    ReadOnlyMemory<byte> Certificate,
    ReadOnlyMemory<byte> Claims,
    ReadOnlyMemory<byte> Unsigned,
    ReadOnlyMemory<byte> Signature);
