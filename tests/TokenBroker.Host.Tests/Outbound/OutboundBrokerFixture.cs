using TokenBroker.Core.Model;
using TokenBroker.Host.Tests.EndToEnd;
using TokenBroker.Tests;

namespace TokenBroker.Host.Tests.Outbound;

/// <summary>A broker on a port chosen before it starts, so TOKENBROKER_PUBLIC_URL names the address it serves.</summary>
public sealed class OutboundBrokerFixture : BrokerFixture
{
    private readonly int _port = LoopbackPort.Free();

    /// <summary>The public base URL; the issuer of account A is {PublicUrl}/oidc/A.</summary>
    public string PublicUrl => $"http://127.0.0.1:{_port}";

    public string IssuerOf(AccountId account) => $"{PublicUrl}/oidc/{account.Value}";

    protected override string Urls => PublicUrl;

    protected override DirectorySnapshot Snapshot() => OutboundDirectory.Snapshot();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("TOKENBROKER_PUBLIC_URL", PublicUrl)];
}
