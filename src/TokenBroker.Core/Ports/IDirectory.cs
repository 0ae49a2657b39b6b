using TokenBroker.Core.Model;

namespace TokenBroker.Core.Ports;

/// <summary>
/// The directory of accounts, users, keys, groups, policies, roles, MFA devices and identity providers, as a sequence of
/// immutable versions: a replace writes a new version, and readers read one whole version (<see cref="LoadAsync"/>).
/// </summary>
public interface IDirectory
{
    /// <summary>
    /// The version the store serves now: one cheap read, so a reader can tell whether the view it holds is current.
    /// <see cref="DirectoryView.EmptyVersion"/> for a store that was never written.
    /// </summary>
    Task<string> CurrentVersionAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The current version, every record read from that one version (secrets decrypted): never a mix of two versions,
    /// and never a version that a concurrent replace was deleting while it was read.
    /// </summary>
    Task<DirectoryView> LoadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Atomically records that a TOTP time step of this device was used; false when this step or a later one was
    /// already used, so a code is never accepted twice (RFC 6238 §5.2).
    /// </summary>
    Task<bool> TryUseTotpStepAsync(string serialNumber, long timeStep, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the whole directory with a new version in one transaction: either all of it is written or nothing is.
    /// With <paramref name="expectedVersion"/>, only if the current version is still that one, else
    /// <see cref="DirectoryConflictException"/> and nothing is written: a read-modify-write (an apply planned against
    /// a version, an IAM API write) never silently undoes a change made in between. Returns the new version's name, so
    /// a writer can later change exactly what it wrote (an IAM write's compensation) without reloading.
    /// </summary>
    Task<string> ReplaceAsync(DirectorySnapshot snapshot, string? expectedVersion, CancellationToken cancellationToken);
}
