using System.CommandLine;
using System.Security.Cryptography;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;

namespace TokenBroker.Cli.Commands;

/// <summary><c>tokenbroker init</c>: a new data folder with its root key, database and a bootstrap administrator.</summary>
internal static class InitCommand
{
    private const string AdminUserName = "admin";
    private const string AdministratorAccess = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""";

    public static Command Create(TimeProvider time)
    {
        var data = DataFolderOption.Create();
        var account = new Option<string?>("--account")
        {
            Description = "The 12-digit id of the bootstrap account (default: a random one).",
        };
        var command = new Command("init", "Create the data folder, the local root key and a bootstrap admin access key (printed once).") { data, account };
        command.SetAction((parseResult, cancellationToken) =>
            RunAsync(DataFolderOption.Resolve(parseResult, data), parseResult.GetValue(account), parseResult.InvocationConfiguration, time, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string dataFolder, string? accountText, InvocationConfiguration console, TimeProvider time, CancellationToken cancellationToken)
    {
        accountText ??= RandomNumberGenerator.GetString("0123456789", 12);
        if (!AccountId.TryParse(accountText, out var account))
        {
            await console.Error.WriteLineAsync($"--account '{accountText}' is not an account id: it must be exactly 12 digits.");
            return 1;
        }

        if (EmbeddedStore.IsInitialized(dataFolder))
        {
            await console.Error.WriteLineAsync($"{dataFolder} is already initialized; refusing to replace its root key and directory.");
            return 1;
        }

        using var store = await EmbeddedStore.CreateAsync(dataFolder, cancellationToken);
        var user = new IamUser(
            account, AdminUserName, Identifiers.NewUserId(), "/", [new InlinePolicy("AdministratorAccess", AdministratorAccess)], [], [], null, []);
        var key = new AccessKey(
            Identifiers.NewLongTermAccessKeyId(account), account, AdminUserName, Identifiers.NewSecretAccessKey(), AccessKeyStatus.Active, time.GetUtcNow(), null);
        await store.Directory.ReplaceAsync(new DirectorySnapshot([new AccountSnapshot(account, [user], [key], [], [], [], [], [], [])]), cancellationToken);

        var output = console.Output;
        await output.WriteLineAsync($"Initialized {dataFolder} (root key {store.KeyRing.RootKeyId}).");
        await output.WriteLineAsync($"Account:         {account}");
        await output.WriteLineAsync($"User:            {user.Arn}");
        await output.WriteLineAsync($"AccessKeyId:     {key.AccessKeyId}");
        await output.WriteLineAsync($"SecretAccessKey: {key.SecretAccessKey}");
        await output.WriteLineAsync("The secret access key is shown only now; store it. Keep this user in your directory file");
        await output.WriteLineAsync($"(accessKeys: [{{ id: {key.AccessKeyId} }}]) or `directory apply` removes it.");
        return 0;
    }
}
