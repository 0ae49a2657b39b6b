using System.CommandLine;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// <c>tokenbroker report credentials</c>: writes an account's credential report (AWS's CSV) from the store, generated now;
/// <c>tokenbroker report access</c> is <see cref="AccessReportCommand"/>.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var account = new Option<string?>("--account") { Description = "The account to report (default: the directory's only account)." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the CSV to this file instead of standard output." };
        var credentials = new Command("credentials", "Write the credential report (AWS's 22 CSV columns, key last use from the usage records).")
        {
            data, account, output,
        };
        credentials.SetAction((parseResult, cancellationToken) => stores.RunWithStoresAsync(parseResult, data, async store =>
        {
            var console = parseResult.InvocationConfiguration;
            var directory = await store.Directory.LoadAsync(cancellationToken);
            var chosen = parseResult.GetValue(account);
            var accounts = directory.Snapshot.Accounts.Where(a => chosen is null || a.Id.Value == chosen).ToList();
            if (accounts.Count != 1)
            {
                await console.Error.WriteLineAsync(chosen is null
                    ? "The directory has several accounts (or none): name one with --account."
                    : $"The directory has no account {chosen}.");
                return 1;
            }

            var uses = new Dictionary<AccessKeyId, AccessKeyUse>();
            foreach (var key in accounts[0].AccessKeys)
            {
                if (await store.Usage.GetAccessKeyUseAsync(key.AccessKeyId, cancellationToken) is { } use)
                {
                    uses[key.AccessKeyId] = use;
                }
            }

            var csv = CredentialReportCsv.Write(accounts[0], uses);
            if (parseResult.GetValue(output) is { } file)
            {
                await File.WriteAllBytesAsync(file, csv, cancellationToken);
            }
            else
            {
                await console.Output.WriteAsync(System.Text.Encoding.UTF8.GetString(csv));
            }

            return 0;
        }, cancellationToken));
        return new Command("report", "Reports over the directory and its usage records.") { credentials, AccessReportCommand.Create(stores) };
    }
}
