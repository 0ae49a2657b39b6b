using TokenBroker.Core.Ports;
using Microsoft.Extensions.DependencyInjection;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using TokenBroker.Policy.Evaluation;
using StsCredentials = Amazon.SecurityToken.Model.Credentials;

namespace TokenBroker.Host.Tests.EndToEnd;

/// <summary>Asks the running broker what a returned session may do: its principal's policies ∩ boundary ∩ session policies.</summary>
public static class SessionSimulator
{
    public static async Task<SessionClaims> VerifyAsync(IServiceProvider services, StsCredentials credentials)
    {
        var verifier = services.GetRequiredService<CredentialVerifier>();
        var verified = await verifier.VerifyAsync(AccessKeyId.Parse(credentials.AccessKeyId), credentials.SessionToken, CancellationToken.None);
        return verified.Value.Claims;
    }

    public static async Task<bool> MayAsync(IServiceProvider services, StsCredentials credentials, string action, string resource = "arn:aws:s3:::bucket/key")
    {
        var claims = await VerifyAsync(services, credentials);
        var directory = await services.GetRequiredService<DirectoryVersions>().CurrentAsync(CancellationToken.None);
        var policies = services.GetRequiredService<PolicyResolver>().ForSession(directory, claims);
        var set = new PolicySet(policies!.Identity, null, policies.PermissionsBoundary, policies.Session);
        var request = new AuthorizationRequest(claims.PrincipalArn.ToString(), action, resource, null, claims.IssuerArn.ToString());
        return PolicyEvaluator.Evaluate(request, set).IsAllowed;
    }
}
