namespace TokenBroker.Host.Tests.Logging;

/// <summary>One log call as a provider received it.</summary>
public sealed record CapturedLogEntry(string Message, Dictionary<string, object?> Values, List<CapturedScope> Scopes, Exception? Exception);
