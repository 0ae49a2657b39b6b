using System.CommandLine;
using System.Security.Cryptography;
using TokenBroker.Composition;
using TokenBroker.Core.Ports;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// <c>tokenbroker init</c>: a bootstrap administrator in an empty directory. With SQLite it first creates the data
/// folder, its root key and database. With DynamoDB it creates nothing: the SAM stack (template.yaml) owns the table
/// and the KMS keys, so init checks that they are reachable (it reads the root public key and unwraps the directory
/// data key) and refuses a directory that already has accounts.
/// </summary>
internal static class InitCommand
{
    private const string AdminUserName = "admin";
    private const string AdministratorAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    public static Command Create(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var account = new Option<string?>("--account")
        {
            Description = "The 12-digit id of the bootstrap account (default: a random one).",
        };
        var command = new Command(
            "init",
            "Create the data folder and local root key (SQLite), or check the DynamoDB table and KMS keys; then add a bootstrap admin access key (printed once).")
        {
            data, account,
        };
        command.SetAction((parseResult, cancellationToken) => stores.RunAsync(parseResult, data, settings =>
            RunAsync(stores, settings, parseResult.GetValue(account), parseResult.InvocationConfiguration, cancellationToken)));
        return command;
    }

    private static async Task<int> RunAsync(
        StoreOpener stores, StoreSettings settings, string? accountText, InvocationConfiguration console, CancellationToken cancellationToken)
    {
        accountText ??= RandomNumberGenerator.GetString("0123456789", 12);
        if (!AccountId.TryParse(accountText, out var account))
        {
            await console.Error.WriteLineAsync($"--account '{accountText}' is not an account id: it must be exactly 12 digits.");
            return 1;
        }

        if (settings.IsSqlite)
        {
            if (EmbeddedStore.IsInitialized(settings.DataFolder))
            {
                await console.Error.WriteLineAsync($"{settings.DataFolder} is already initialized; refusing to replace its root key and directory.");
                return 1;
            }

            (await EmbeddedStore.CreateAsync(settings.DataFolder, cancellationToken)).Dispose();
        }

        using var store = await stores.OpenAsync(settings, cancellationToken);
        if (!settings.IsSqlite && (await store.Directory.ExportAsync(cancellationToken)).Accounts.Count > 0)
        {
            await console.Error.WriteLineAsync(
                $"Table {settings.Table} already holds a directory; refusing to replace it (change it with `tokenbroker directory apply`).");
            return 1;
        }

        var user = new IamUser(
            account, AdminUserName, Identifiers.NewUserId(), "/", [new InlinePolicy("AdministratorAccess", AdministratorAccess)], [], [], null, []);
        var key = new AccessKey(
            Identifiers.NewLongTermAccessKeyId(account), account, AdminUserName, Identifiers.NewSecretAccessKey(), AccessKeyStatus.Active, stores.Time.GetUtcNow());
        await store.Directory.ReplaceAsync(new DirectorySnapshot([new AccountSnapshot(account, [user], [key], [], [], [], [], [], [])]), cancellationToken);

        var output = console.Output;
        await output.WriteLineAsync(settings.IsSqlite
            ? $"Initialized {settings.DataFolder} (root key {store.KeyRing.RootKeyId})."
            : $"Table {settings.Table} and root key {store.KeyRing.RootKeyId} are reachable; added the bootstrap administrator.");
        await output.WriteLineAsync($"Account:         {account}");
        await output.WriteLineAsync($"User:            {user.Arn}");
        await output.WriteLineAsync($"AccessKeyId:     {key.AccessKeyId}");
        await output.WriteLineAsync($"SecretAccessKey: {key.SecretAccessKey}");
        await output.WriteLineAsync("The secret access key is shown only now; store it. Keep this user in your directory file");
        await output.WriteLineAsync($"(accessKeys: [{{ id: {key.AccessKeyId} }}]) or `directory apply` removes it.");
        return 0;
    }
}
