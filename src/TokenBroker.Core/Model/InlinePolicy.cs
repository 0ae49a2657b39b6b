namespace TokenBroker.Core.Model;

/// <summary>A policy embedded in a user, group or role, with its JSON document.</summary>
public sealed record InlinePolicy(string Name, string Document);
