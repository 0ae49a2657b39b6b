namespace TokenBroker.Core.Model;

/// <summary>A tag: keys compare case-insensitively and keep their case.</summary>
public sealed record Tag(string Key, string Value);
