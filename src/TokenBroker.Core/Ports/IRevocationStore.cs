using TokenBroker.Core.Revocation;

namespace TokenBroker.Core.Ports;

/// <summary>Revocation cutoffs: per scope and subject, credentials issued before the cutoff are invalid.</summary>
public interface IRevocationStore
{
    /// <summary>
    /// Moves the cutoff of this scope and subject to <paramref name="cutoff"/> unless it is already later (a conditional
    /// write: concurrent writers never move it back); returns the cutoff stored afterwards.
    /// </summary>
    Task<DateTimeOffset> SetCutoffAsync(RevocationScope scope, string subject, DateTimeOffset cutoff, CancellationToken cancellationToken);

    /// <summary>The cutoff of this scope and subject, or null when none is set.</summary>
    Task<DateTimeOffset?> GetCutoffAsync(RevocationScope scope, string subject, CancellationToken cancellationToken);

    /// <summary>Every cutoff, ordered by scope and subject.</summary>
    Task<IReadOnlyList<RevocationCutoff>> ListAsync(CancellationToken cancellationToken);
}
