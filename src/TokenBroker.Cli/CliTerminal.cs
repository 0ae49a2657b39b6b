namespace TokenBroker.Cli;

/// <summary>Whether a person is at the terminal, and how to ask them: confirmations are asked only when one is.</summary>
internal sealed record CliTerminal(bool IsInteractive, Func<string?> ReadLine)
{
    /// <summary>The process's console: interactive when neither stdin nor stdout is redirected.</summary>
    public static CliTerminal FromConsole() =>
        new(!Console.IsInputRedirected && !Console.IsOutputRedirected, Console.ReadLine);

    /// <summary>No one to ask (scripts, tests).</summary>
    public static CliTerminal None { get; } = new(false, () => null);
}
