using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Query;

/// <summary>What an STS action runs on: the authenticated caller (null for unsigned actions), the request's one directory version, its parameters and the HTTP facts.</summary>
internal sealed record StsRequest(Caller? Caller, DirectoryView Directory, QueryParameters Parameters, CallContext Call);
