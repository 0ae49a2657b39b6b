using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Hosting;

/// <summary>
/// API Gateway forwards only the routes template.yaml declares: every endpoint the Host maps must be reachable through
/// one of them, or it works locally and answers 404 on AWS.
/// </summary>
public sealed partial class TemplateRoutesTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    [Fact]
    public void Template_RoutesEveryEndpointTheHostMaps()
    {
        var routes = TemplatePaths();
        var endpoints = broker.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Select(e => e.RoutePattern.RawText!)
            .Where(pattern => !pattern.StartsWith("{*", StringComparison.Ordinal))
            // The Prometheus scrape is mapped on Kestrel only: a Lambda function exports metrics with OTLP.
            .Where(pattern => pattern != "/metrics")
            .ToList();

        Assert.Contains("/saml/role", endpoints);
        Assert.Contains("/", routes);
        Assert.All(endpoints, endpoint => Assert.Contains(routes, route => Reaches(route, endpoint)));
    }

    /// <summary>An HTTP API path is exact, or ends in a greedy <c>{proxy+}</c> that matches one or more segments.</summary>
    private static bool Reaches(string route, string endpoint)
    {
        var path = "/" + endpoint.TrimStart('/');
        if (route.EndsWith("/{proxy+}", StringComparison.Ordinal))
        {
            return path.StartsWith(route[..^"{proxy+}".Length], StringComparison.Ordinal) && path.Length > route.Length - "{proxy+}".Length;
        }

        return string.Equals(route, path, StringComparison.Ordinal);
    }

    private static List<string> TemplatePaths()
    {
        var template = File.ReadAllText(Repository.File("template.yaml"));
        return [.. HttpApiPath().Matches(template).Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(@"Type: HttpApi\s+Properties:(?:\s+\w+: [^\n]+)*?\s+Path: (\S+)")]
    private static partial Regex HttpApiPath();
}
