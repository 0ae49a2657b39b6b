namespace TokenBroker.Core.AccessAdvisor;

/// <summary>The ServiceName access advisor shows for a namespace: AWS's name for AWS services, the prefix for a declared service.</summary>
public static class ServiceNames
{
    private static readonly Dictionary<string, string> Known = new(StringComparer.Ordinal)
    {
        ["iam"] = "AWS Identity and Access Management",
        ["sts"] = "AWS Security Token Service",
        ["tokenbroker"] = "TokenBroker",
    };

    /// <summary>The name for <paramref name="serviceNamespace"/>.</summary>
    public static string For(string serviceNamespace)
    {
        ArgumentNullException.ThrowIfNull(serviceNamespace);
        return Known.GetValueOrDefault(serviceNamespace, serviceNamespace);
    }
}
