using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Core.Operations;

/// <summary>The member of a GetAccessKeyInfo request: a well-formed access key id (reference/sts.md b.2).</summary>
public sealed record GetAccessKeyInfoRequest(AccessKeyId AccessKeyId)
{
    /// <summary>Binds and checks the access key id.</summary>
    public static StsResult<GetAccessKeyInfoRequest> Bind(QueryParameters parameters)
    {
        var reader = new ParameterReader(parameters);
        var text = reader.Text("AccessKeyId", StsParameters.AccessKeyId.AsRequired());
        return reader.Error is { } error ? error : new GetAccessKeyInfoRequest(AccessKeyId.Parse(text!));
    }
}
