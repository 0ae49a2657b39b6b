using System.CommandLine;
using System.Globalization;
using TokenBroker.Core.AccessAdvisor;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Commands;

/// <summary>
/// <c>tokenbroker report access ARN [--granularity action]</c>: access advisor's report on a user, group, role or managed
/// policy, computed now from the store the CLI administers (the same aggregation as GenerateServiceLastAccessedDetails).
/// </summary>
internal static class AccessReportCommand
{
    public static Command Create(StoreOpener stores)
    {
        var data = StoreOpener.CreateDataOption();
        var arn = new Argument<string>("ARN") { Description = "The user, group, role or customer managed policy ARN (path included)." };
        var granularity = new Option<string>("--granularity")
        {
            Description = "service (default) or action: also the last attempt at each action.",
            DefaultValueFactory = _ => "service",
        };
        granularity.AcceptOnlyFromAmong("service", "action");
        var command = new Command("access", "Show when the entity's allowed services (and actions) were last attempted (access advisor).")
        {
            data, arn, granularity,
        };
        command.SetAction((parseResult, cancellationToken) => stores.RunWithStoresAsync(parseResult, data, async store =>
        {
            var console = parseResult.InvocationConfiguration;
            var text = parseResult.GetRequiredValue(arn);
            var directory = await store.Directory.LoadAsync(cancellationToken);
            var entity = Arn.TryParse(text, out var parsed) ? ServiceLastAccessedReport.Resolve(directory, parsed) : null;
            if (entity is null)
            {
                await console.Error.WriteLineAsync($"No user, group, role or customer managed policy has the ARN {text}.");
                return 1;
            }

            var actionLevel = parseResult.GetValue(granularity) == "action";
            var services = await ServiceLastAccessedReport.CreateAsync(store.Usage, directory, entity, actionLevel, cancellationToken);
            await console.Output.WriteLineAsync($"{entity.Arn} ({entity.Type.ToString().ToLowerInvariant()}, {entity.Members.Count} counted entities)");
            if (services.Count == 0)
            {
                await console.Output.WriteLineAsync("Its permissions policies allow no service.");
            }

            foreach (var service in services)
            {
                await console.Output.WriteLineAsync(
                    $"{service.ServiceNamespace} ({service.ServiceName}): {Last(service.LastAuthenticated, service.LastAuthenticatedEntity, service.LastAuthenticatedRegion)}, " +
                    $"{service.TotalAuthenticatedEntities.ToString(CultureInfo.InvariantCulture)} of {entity.Members.Count.ToString(CultureInfo.InvariantCulture)} entities");
                foreach (var action in service.TrackedActionsLastAccessed ?? [])
                {
                    await console.Output.WriteLineAsync($"  {service.ServiceNamespace}:{action.ActionName}: {Last(action.LastAccessedTime, action.LastAccessedEntity, action.LastAccessedRegion)}");
                }
            }

            return 0;
        }, cancellationToken));
        return command;
    }

    private static string Last(DateTimeOffset? time, string? entity, string? region) => time is { } at
        ? $"last attempted {at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)} by {entity} in {region}"
        : "not attempted in the tracking period";
}
