using System.CommandLine;
using System.Globalization;
using TokenBroker.Composition;
using TokenBroker.Core.Revocation;

namespace TokenBroker.Cli.Commands;

/// <summary><c>tokenbroker revoke</c>: sets a revocation cutoff (credentials issued before it are rejected) or lists them.</summary>
internal static class RevokeCommand
{
    public static Command Create(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var role = new Option<string?>("--role") { Description = "Revoke every session of this role (role ARN)." };
        var session = new Option<string?>("--session") { Description = "Revoke one session (its ASIA… AccessKeyId)." };
        var sourceIdentity = new Option<string?>("--source-identity") { Description = "Revoke every session with this SourceIdentity." };
        var principal = new Option<string?>("--principal")
        {
            Description = "Revoke the GetSessionToken/GetFederationToken sessions of an IAM user (user ARN), or one session ARN.",
        };
        var subject = new Option<string[]?>("--subject")
        {
            Description = "Revoke every session of a federated subject: ISSUER (provider) and SUB (SAML NameID / OIDC sub).",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var signingKey = new Option<string?>("--signing-key") { Description = "Revoke every session signed by this signing key id." };
        var before = new Option<string?>("--before") { Description = "The cutoff, ISO 8601 (default: now)." };
        var list = new Option<bool>("--list") { Description = "List the cutoffs instead of setting one." };
        var command = new Command("revoke", "Reject temporary credentials issued before a cutoff, per role, session, source identity, principal, federated subject or signing key.")
        {
            data, role, session, sourceIdentity, principal, subject, signingKey, before, list,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var targets = new List<(RevocationScope Scope, string Option, string Subject)>();
            Add(targets, RevocationScope.Role, "--role", parseResult.GetValue(role));
            Add(targets, RevocationScope.Session, "--session", parseResult.GetValue(session));
            Add(targets, RevocationScope.SourceIdentity, "--source-identity", parseResult.GetValue(sourceIdentity));
            Add(targets, RevocationScope.Principal, "--principal", parseResult.GetValue(principal));
            Add(targets, RevocationScope.SigningKey, "--signing-key", parseResult.GetValue(signingKey));
            if (parseResult.GetValue(subject) is [var issuer, var sub])
            {
                targets.Add((RevocationScope.ProviderSubject, "--subject",
                    string.IsNullOrWhiteSpace(issuer) || string.IsNullOrWhiteSpace(sub) ? "" : RevocationSubjects.ProviderSubject(issuer, sub)));
            }

            return parseResult.GetValue(list)
                ? stores.RunWithUnsealedStoresAsync(parseResult, data, store => ListAsync(store, parseResult.InvocationConfiguration, cancellationToken), cancellationToken)
                : RevokeAsync(stores, parseResult, data, targets, parseResult.GetValue(before), cancellationToken);
        });
        return command;
    }

    private static void Add(List<(RevocationScope, string, string)> targets, RevocationScope scope, string option, string? value)
    {
        if (value is not null)
        {
            targets.Add((scope, option, value));
        }
    }

    private static async Task<int> RevokeAsync(
        StoreOpener stores,
        ParseResult parseResult,
        Option<string?> data,
        List<(RevocationScope Scope, string Option, string Value)> targets,
        string? beforeText,
        CancellationToken cancellationToken)
    {
        var console = parseResult.InvocationConfiguration;
        if (targets.Count != 1 || targets[0].Value.Trim().Length == 0)
        {
            await console.Error.WriteLineAsync(
                "Name exactly one of --role, --session, --source-identity, --principal, --subject ISSUER SUB, --signing-key (or use --list).");
            return 1;
        }

        var (scope, option, value) = targets[0];
        if (scope != RevocationScope.ProviderSubject && RevokeTargets.Problem(scope, option, value) is { } problem)
        {
            await console.Error.WriteLineAsync(problem);
            return 1;
        }

        var now = stores.Time.GetUtcNow();
        var cutoff = now;
        if (beforeText is not null && !DateTimeOffset.TryParse(
                beforeText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out cutoff))
        {
            await console.Error.WriteLineAsync($"--before '{beforeText}' is not a time; use ISO 8601, e.g. 2026-01-02T03:04:05Z.");
            return 1;
        }

        // A cutoff rejects credentials issued before it; one in the future would also reject credentials not issued yet.
        if (cutoff > now + RevokeTargets.MaxFutureCutoff)
        {
            await console.Error.WriteLineAsync($"--before '{beforeText}' is in the future; a cutoff is at most now ({Format(now)}).");
            return 1;
        }

        var subject = scope == RevocationScope.ProviderSubject ? value : RevocationSubjects.Normalize(scope, value);

        // Revoking needs no key ring either: it must work in the incident that calls for it, KMS down or not.
        return await stores.RunWithUnsealedStoresAsync(parseResult, data, async store =>
        {
            var stored = await store.Revocations.SetCutoffAsync(scope, subject, cutoff, cancellationToken);
            await console.Output.WriteLineAsync(stored > cutoff
                ? $"{scope} {subject}: an existing later cutoff {Format(stored)} stays; credentials issued before it are rejected."
                : $"{scope} {subject}: credentials issued before {Format(stored)} are now rejected.");
            return 0;
        }, cancellationToken);
    }

    private static async Task<int> ListAsync(UnsealedStores store, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        foreach (var cutoff in await store.Revocations.ListAsync(cancellationToken))
        {
            await console.Output.WriteLineAsync($"{Format(cutoff.Cutoff)}\t{cutoff.Scope}\t{cutoff.Subject}");
        }

        return 0;
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
