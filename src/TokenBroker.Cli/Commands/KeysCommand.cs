using System.CommandLine;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// <c>tokenbroker keys rotate USER</c>: AWS's access-key rotation for an operator (docs/iam.md, "Rotating a user's
/// key"). On a terminal without <c>--step</c> it walks every step and asks before deactivating and before deleting; a
/// script runs one step at a time with <c>--step create|deactivate|delete</c>.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(StoreOpener stores, CliTerminal terminal)
    {
        var data = StoreOpener.CreateDataOption();
        var user = new Argument<string>("USER") { Description = "The IAM user whose access key is rotated." };
        var account = new Option<string?>("--account") { Description = "The user's account (default: the one account that has a user of that name)." };
        var step = new Option<string?>("--step")
        {
            Description = "Run one step: create (the second key), deactivate (the old key), delete (the deactivated key). Without it, a terminal walks all three.",
        };
        step.AcceptOnlyFromAmong(KeyRotation.Create, KeyRotation.Deactivate, KeyRotation.Delete);
        var oldKey = new Option<string?>("--old-key")
        {
            Description = "The key being replaced (default: the older of the user's two keys to deactivate, the inactive one to delete).",
        };
        var yes = new Option<bool>("--yes") { Description = "Deactivate or delete without asking (a terminal asks first)." };
        var rotate = new Command("rotate", "Rotate a user's access key: create the second key, deactivate the old one once clients moved, delete it.")
        {
            user, data, account, step, oldKey, yes,
        };
        rotate.SetAction((parseResult, cancellationToken) => stores.RunWithStoresAsync(parseResult, data, store =>
        {
            var rotation = new KeyRotation(store, stores.Time, terminal, parseResult.InvocationConfiguration, parseResult.GetValue(yes));
            return rotation.RunAsync(
                parseResult.GetRequiredValue(user), parseResult.GetValue(account), parseResult.GetValue(step), parseResult.GetValue(oldKey), cancellationToken);
        }, cancellationToken));
        return new Command("keys", "Manage IAM users' access keys.") { rotate };
    }
}
