using TokenBroker.Core.DataPlane;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The member of a DecodeAuthorizationMessage request: EncodedMessage, 1 to 10,240 characters.</summary>
public sealed record DecodeAuthorizationMessageRequest(string EncodedMessage)
{
    private static readonly StringRule EncodedMessageRule = new(1, AuthorizationMessageCodec.MaxEncodedLength, null, Required: true, Sensitive: true);

    /// <summary>Binds and checks the encoded message.</summary>
    public static StsResult<DecodeAuthorizationMessageRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var encoded = reader.Text("EncodedMessage", EncodedMessageRule);
        return reader.Error is { } error ? error : new DecodeAuthorizationMessageRequest(encoded!);
    }
}
