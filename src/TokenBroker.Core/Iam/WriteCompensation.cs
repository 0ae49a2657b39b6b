namespace TokenBroker.Core.Iam;

/// <summary>
/// The compensating write of an IAM write whose answer is shown once: it removes what that write created again when the
/// answer cannot be handed out (its audit record failed), so nothing unusable is left behind (docs/iam.md, "Audit").
/// </summary>
public sealed class WriteCompensation
{
    private readonly Func<CancellationToken, Task<bool>> _run;

    internal WriteCompensation(string created, Func<CancellationToken, Task<bool>> run)
    {
        Created = created;
        _run = run;
    }

    /// <summary>What the write created, without its secret (for the log when it cannot be removed again).</summary>
    public string Created { get; }

    /// <summary>
    /// Removes what the write created and nothing else; true once it is gone, false when other writers kept changing
    /// the directory through every attempt. A store failure throws.
    /// </summary>
    public Task<bool> RunAsync(CancellationToken cancellationToken) => _run(cancellationToken);
}
