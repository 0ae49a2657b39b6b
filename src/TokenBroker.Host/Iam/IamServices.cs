using TokenBroker.Core.Iam;

namespace TokenBroker.Host.Iam;

/// <summary>Registers the IAM API: the authorizer, pagination, the Core operations, the action table and the endpoint.</summary>
internal static class IamServices
{
    public static void AddIamApi(this IServiceCollection services)
    {
        services.AddSingleton<IamAuthorizer>();
        services.AddSingleton<Core.Audit.IamAudit>();
        services.AddSingleton<IamPaging>();
        services.AddSingleton<IamEntityLists>();
        services.AddSingleton<IamUserReads>();
        services.AddSingleton<IamRoleReads>();
        services.AddSingleton<IamGroupReads>();
        services.AddSingleton<IamPolicyReads>();
        services.AddSingleton<IamEntityPolicyReads>();
        services.AddSingleton<IamCredentialReads>();
        services.AddSingleton<IamProviderReads>();
        services.AddSingleton<IamAuthorizationDetails>();
        services.AddSingleton<IamPolicySimulator>();
        services.AddSingleton(provider => new OutboundFederationOperations(
            provider.GetRequiredService<IamAuthorizer>(),
            provider.GetRequiredService<Core.Ports.IDirectory>(),
            provider.GetService<Core.Outbound.OutboundIssuer>()));
        services.AddSingleton<IamDirectoryWriter>();
        services.AddSingleton<IamAccessKeyWrites>();
        services.AddSingleton<IamMfaWrites>();
        services.AddSingleton<IamCredentialReport>();
        services.AddSingleton<IamAccessAdvisor>();
        services.AddSingleton<IamOperations>();
        services.AddSingleton<IamEndpoint>();
    }
}
