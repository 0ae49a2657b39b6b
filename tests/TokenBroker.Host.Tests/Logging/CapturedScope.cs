namespace TokenBroker.Host.Tests.Logging;

/// <summary>One scope as a provider received it: its text and its structured values.</summary>
public sealed record CapturedScope(string Text, Dictionary<string, object?> Values);
