namespace TokenBroker.Host.Hosting;

/// <summary>One invocation fetched from the Runtime API: its id, its deadline and the event bytes.</summary>
internal sealed record LambdaInvocation(string RequestId, DateTimeOffset Deadline, byte[] Event);
