using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using TokenBroker.Composition;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;
using TokenBroker.Core.Ports;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// The steps of <c>tokenbroker keys rotate</c>, in AWS's order: create the second key, deactivate the old one once the
/// clients moved (showing its last use from the usage records), delete it. Each step is one Core change
/// (<see cref="AccessKeyChanges"/>) written as a new directory version, like the IAM API's, and audited like it.
/// </summary>
internal sealed class KeyRotation(BrokerStores store, TimeProvider time, CliTerminal terminal, InvocationConfiguration console, bool yes)
{
    public const string Create = "create";
    public const string Deactivate = "deactivate";
    public const string Delete = "delete";

    // What a step returns when the person at the terminal declined it: the walk ends there (exit 0), a lone step fails (1).
    private const int Declined = -1;

    /// <summary>The User-Agent of the audit records the CLI writes.</summary>
    public const string UserAgent = "tokenbroker-cli/keys-rotate";

    private readonly IamAudit _audit = new(store.AuditLog, time);
    private readonly IamDirectoryWriter _writer = new(store.Directory);

    private TextWriter Out => console.Output;

    public async Task<int> RunAsync(string userName, string? accountText, string? step, string? oldKeyText, CancellationToken cancellationToken)
    {
        var view = await store.Directory.LoadAsync(cancellationToken);

        // The user's account: the one named, else the only account that has a user of that name.
        var accounts = view.Snapshot.Accounts
            .Where(a => accountText is null ? view.FindUser(a.Id, userName) is not null : a.Id.Value == accountText)
            .ToList();
        if (accounts.Count != 1)
        {
            return await FailAsync(accountText is not null ? $"The directory has no account {accountText}."
                : accounts.Count == 0 ? $"The directory has no user {userName}."
                : $"Several accounts have a user {userName}: name one with --account.");
        }

        var account = accounts[0].Id;
        if (view.FindUser(account, userName) is null)
        {
            return await FailAsync($"The directory has no user {userName} in account {account}.");
        }

        return step switch
        {
            Create => await CreateAsync(view, account, userName, cancellationToken) is null ? 1 : 0,
            Deactivate => Math.Abs(await DeactivateAsync(view, account, userName, oldKeyText, ask: !yes, cancellationToken)),
            Delete => Math.Abs(await DeleteAsync(view, account, userName, oldKeyText, ask: !yes, cancellationToken)),
            _ when !terminal.IsInteractive => await FailAsync(
                "Without a terminal, run one step at a time: --step create, then (once clients use the new key) --step deactivate, then --step delete."),
            _ => await WalkAsync(view, account, userName, cancellationToken),
        };
    }

    // A person at a terminal: every step, asking before each change that can break a client (--yes does not skip these).
    private async Task<int> WalkAsync(DirectoryView view, AccountId account, string userName, CancellationToken cancellationToken)
    {
        var previous = KeysOf(view, account, userName);
        if (await CreateAsync(view, account, userName, cancellationToken) is not { } created)
        {
            return 1;
        }

        if (previous.Count == 0)
        {
            await Out.WriteLineAsync($"{userName} had no other key: nothing to deactivate.");
            return 0;
        }

        var old = previous[0].AccessKeyId.Value;
        await Out.WriteLineAsync($"Move every client of {userName} to {created.AccessKeyId} now.");
        var deactivated = await DeactivateAsync(await store.Directory.LoadAsync(cancellationToken), account, userName, old, ask: true, cancellationToken);
        if (deactivated != 0)
        {
            return deactivated == Declined ? 0 : deactivated;
        }

        var deleted = await DeleteAsync(await store.Directory.LoadAsync(cancellationToken), account, userName, old, ask: true, cancellationToken);
        return deleted == Declined ? 0 : deleted;
    }

    private async Task<AccessKey?> CreateAsync(DirectoryView view, AccountId account, string userName, CancellationToken cancellationToken)
    {
        var user = view.FindUser(account, userName)!;
        var written = await _writer.WriteUndoableAsync(view, v => AccessKeyChanges.Create(v, user, time.GetUtcNow()),
            AccessKeyChanges.RemoveCreated, AccessKeyChanges.Describe, cancellationToken);
        StsResult<AccessKey> result = written.IsSuccess ? written.Value.Value : written.Error;
        try
        {
            await AuditAsync("CreateAccessKey", userName, null, null, result, cancellationToken);
        }
        catch (StoreUnavailableException) when (written.IsSuccess)
        {
            // The secret will not be shown, so the key goes again rather than count toward the user's two (docs/iam.md, "Audit").
            await CompensateAsync(written.Value.Compensation);
            throw;
        }

        if (!result.IsSuccess)
        {
            var keys = KeysOf(view, account, userName);
            await FailAsync(result.Error.Code == "LimitExceeded"
                ? $"{userName} already has {keys.Count} access keys, the most IAM allows: {string.Join(", ", keys.Select(Describe))}. "
                    + $"Finish that rotation first (tokenbroker keys rotate {userName} --step deactivate, then --step delete) or delete a key."
                : result.Error.Message);
            return null;
        }

        var key = result.Value;
        await Out.WriteLineAsync($"Step 1 of 3: created access key {key.AccessKeyId} for {userName}. Its secret is shown only now; give it to the clients:");
        await Out.WriteLineAsync($"AccessKeyId: {key.AccessKeyId}");
        await Out.WriteLineAsync($"SecretAccessKey: {key.SecretAccessKey}");
        await Out.WriteLineAsync($"Next, once every client uses it: tokenbroker keys rotate {userName} --step deactivate");
        return key;
    }

    private async Task CompensateAsync(WriteCompensation compensation)
    {
        var removed = false;
        try
        {
            removed = await compensation.RunAsync(CancellationToken.None);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            await console.Error.WriteLineAsync($"Could not remove the {compensation.Created} again: {exception.Message}");
        }

        await console.Error.WriteLineAsync(removed
            ? $"The audit record could not be written: the {compensation.Created} was removed again; nothing changed."
            : $"The audit record could not be written and the {compensation.Created} could not be removed: delete it.");
    }

    private async Task<int> DeactivateAsync(
        DirectoryView view, AccountId account, string userName, string? oldKeyText, bool ask, CancellationToken cancellationToken)
    {
        var keys = KeysOf(view, account, userName);
        AccessKey old;
        if (oldKeyText is not null)
        {
            if (keys.FirstOrDefault(k => k.AccessKeyId.Value == oldKeyText) is not { } named)
            {
                return await FailAsync($"{userName} has no access key {oldKeyText}.");
            }

            old = named;
        }
        else if (keys.Count < 2)
        {
            return await FailAsync($"{userName} has {keys.Count} access key(s): create the new key first (--step create), move the clients, then deactivate the old one.");
        }
        else
        {
            old = keys[0];
        }

        if (old.Status == AccessKeyStatus.Inactive)
        {
            await Out.WriteLineAsync($"{old.AccessKeyId} is already inactive; next: tokenbroker keys rotate {userName} --step delete");
            return 0;
        }

        if (!keys.Any(k => k.AccessKeyId != old.AccessKeyId && k.Status == AccessKeyStatus.Active))
        {
            return await FailAsync($"Deactivating {old.AccessKeyId} would leave {userName} without an active key: create the new key first (--step create).");
        }

        foreach (var key in keys)
        {
            await Out.WriteLineAsync($"{(key.AccessKeyId == old.AccessKeyId ? "Old" : "New")} key {key.AccessKeyId}: {await LastUseAsync(key, cancellationToken)}");
        }

        await Out.WriteLineAsync("(The broker writes uses once per TOKENBROKER_USAGE_FLUSH_SECONDS, 60 s by default: the latest ones may not show yet.)");
        if (old.Origin == CredentialOrigin.File)
        {
            await Out.WriteLineAsync($"Note: {old.AccessKeyId} belongs to the directory file; the next `directory apply` sets the file's status again. Set `status: Inactive` there, or remove the key from the file.");
        }

        if (ask && !await ConfirmAsync($"Deactivate {old.AccessKeyId} now? [y/N] "))
        {
            return await StoppedAsync($"tokenbroker keys rotate {userName} --step deactivate");
        }

        var result = await _writer.WriteAsync(view,
            v => AccessKeyChanges.SetStatus(v, account, userName, old.AccessKeyId.Value, AccessKeyStatus.Inactive), cancellationToken);
        await AuditAsync("UpdateAccessKey", userName, old.AccessKeyId.Value, "Inactive", result, cancellationToken);
        if (!result.IsSuccess)
        {
            return await FailAsync(result.Error.Message);
        }

        await Out.WriteLineAsync($"Step 2 of 3: deactivated {old.AccessKeyId}; the broker refuses it from its next directory version (TOKENBROKER_DIRECTORY_CACHE_SECONDS).");
        await Out.WriteLineAsync($"If a client breaks, reactivate it (aws iam update-access-key --user-name {userName} --access-key-id {old.AccessKeyId} --status Active); otherwise next: tokenbroker keys rotate {userName} --step delete");
        return 0;
    }

    private async Task<int> DeleteAsync(
        DirectoryView view, AccountId account, string userName, string? oldKeyText, bool ask, CancellationToken cancellationToken)
    {
        var keys = KeysOf(view, account, userName);
        var candidates = oldKeyText is null
            ? keys.Where(k => k.Status == AccessKeyStatus.Inactive).ToList()
            : keys.Where(k => k.AccessKeyId.Value == oldKeyText).ToList();
        if (candidates.Count != 1)
        {
            return await FailAsync(oldKeyText is not null
                ? $"{userName} has no access key {oldKeyText}."
                : candidates.Count == 0
                    ? $"{userName} has no inactive access key: deactivate the old key first (--step deactivate)."
                    : $"{userName} has two inactive access keys: name the one to delete with --old-key.");
        }

        var old = candidates[0];
        if (old.Status == AccessKeyStatus.Active)
        {
            return await FailAsync($"{old.AccessKeyId} is active: deactivate it first (--step deactivate) and check that no client still needs it.");
        }

        if (old.Origin == CredentialOrigin.File)
        {
            return await FailAsync($"{old.AccessKeyId} belongs to the directory file: remove it from the file and run `tokenbroker directory apply`, which deletes it (a key the file names would come back at the next apply).");
        }

        await Out.WriteLineAsync($"Key {old.AccessKeyId} (Inactive): {await LastUseAsync(old, cancellationToken)}");
        if (ask && !await ConfirmAsync($"Delete {old.AccessKeyId} for good? [y/N] "))
        {
            return await StoppedAsync($"tokenbroker keys rotate {userName} --step delete");
        }

        var result = await _writer.WriteAsync(view, v => AccessKeyChanges.Delete(v, account, userName, old.AccessKeyId.Value), cancellationToken);
        await AuditAsync("DeleteAccessKey", userName, old.AccessKeyId.Value, null, result, cancellationToken);
        if (!result.IsSuccess)
        {
            return await FailAsync(result.Error.Message);
        }

        var remaining = keys.Where(k => k.AccessKeyId != old.AccessKeyId).Select(k => k.AccessKeyId.Value).ToList();
        await Out.WriteLineAsync($"Step 3 of 3: deleted {old.AccessKeyId}. {userName}'s key{(remaining.Count == 1 ? " is" : "s are")}: {(remaining.Count == 0 ? "none" : string.Join(", ", remaining))}.");
        return 0;
    }

    private static List<AccessKey> KeysOf(DirectoryView view, AccountId account, string userName) =>
        view.Snapshot.Accounts.Single(a => a.Id == account).AccessKeys
            .Where(k => string.Equals(k.UserName, userName, StringComparison.Ordinal))
            .OrderBy(k => k.CreatedAt).ThenBy(k => k.AccessKeyId.Value, StringComparer.Ordinal)
            .ToList();

    private static string Describe(AccessKey key) =>
        $"{key.AccessKeyId} ({key.Status}, created {Time(key.CreatedAt)}{(key.Origin == CredentialOrigin.File ? ", from the directory file" : "")})";

    private async Task<string> LastUseAsync(AccessKey key, CancellationToken cancellationToken)
    {
        if (await store.Usage.GetAccessKeyUseAsync(key.AccessKeyId, cancellationToken) is not { } use)
        {
            return "never used (no usage record)";
        }

        var ago = time.GetUtcNow() - use.UsedAt;
        var agoText = ago < TimeSpan.FromMinutes(1) ? "less than a minute"
            : ago < TimeSpan.FromHours(1) ? $"{(int)ago.TotalMinutes} minute(s)"
            : ago < TimeSpan.FromDays(1) ? $"{(int)ago.TotalHours} hour(s)"
            : $"{(int)ago.TotalDays} day(s)";
        return $"last used {Time(use.UsedAt)} ({agoText} ago) for {use.ServiceNamespace} in {use.Region}";
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private async Task<bool> ConfirmAsync(string question)
    {
        if (!terminal.IsInteractive)
        {
            return true;
        }

        await Out.WriteAsync(question);
        var answer = terminal.ReadLine()?.Trim();
        return string.Equals(answer, "y", StringComparison.OrdinalIgnoreCase) || string.Equals(answer, "yes", StringComparison.OrdinalIgnoreCase);
    }

    private async Task<int> StoppedAsync(string resume)
    {
        await Out.WriteLineAsync($"Stopped; nothing more changed. To continue later: {resume}");
        return Declined;
    }

    private async Task<int> FailAsync(string message)
    {
        await console.Error.WriteLineAsync(message);
        return 1;
    }

    // Audited as the IAM API's write of the same name, with the operator's CLI as the user agent and no caller ARN.
    private Task AuditAsync<T>(string action, string userName, string? accessKeyId, string? status, StsResult<T> result, CancellationToken cancellationToken)
    {
        var parameters = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["userName"] = userName };
        if (accessKeyId is not null)
        {
            parameters["accessKeyId"] = accessKeyId;
        }

        if (status is not null)
        {
            parameters["status"] = status;
        }

        var call = new CallContext(NewRequestId(), null, UserAgent, false, "");
        return _audit.RecordAsync(action, null, call, parameters, result.IsSuccess ? (object?)result.Value : null, result.IsSuccess ? null : result.Error, cancellationToken);
    }

    private static string NewRequestId()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }
}
