namespace TokenBroker.Host.Hosting;

/// <summary>The error document of the Runtime API's invocation and init error calls.</summary>
internal sealed record LambdaError(string ErrorMessage, string ErrorType, IReadOnlyList<string> StackTrace);
