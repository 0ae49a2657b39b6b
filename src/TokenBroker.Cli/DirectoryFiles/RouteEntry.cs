namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>A <c>routes</c> item of a service.</summary>
internal sealed record RouteEntry(Located<string> Method, Located<string> Path, Located<string> Action, Located<string>? Resource);
