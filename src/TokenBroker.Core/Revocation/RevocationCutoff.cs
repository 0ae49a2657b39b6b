namespace TokenBroker.Core.Revocation;

/// <summary>A cutoff: credentials in <paramref name="Scope"/>/<paramref name="Subject"/> issued before <paramref name="Cutoff"/> are invalid.</summary>
/// <param name="Scope">What the cutoff applies to.</param>
/// <param name="Subject">The normalized subject (see <see cref="RevocationSubjects"/>).</param>
/// <param name="Cutoff">Credentials issued strictly before this instant are rejected.</param>
public sealed record RevocationCutoff(RevocationScope Scope, string Subject, DateTimeOffset Cutoff);
