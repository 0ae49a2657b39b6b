using TokenBroker.Core.Iam;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Iam;

/// <summary>What an IAM row binds and runs on: the caller, directory version and HTTP facts, and the request's parameters (read only by the binder).</summary>
internal sealed record IamRequest(IamCall Call, QueryParameters Parameters);
