using TokenBroker.Core.Credentials;

namespace TokenBroker.Core.Operations;

/// <summary>GetFederationTokenResult: Credentials, FederatedUser (FederatedUserId, Arn) and PackedPolicySize.</summary>
public sealed record GetFederationTokenResult(IssuedCredentials Issued, string FederatedUserId, string FederatedUserArn);
