using System.Xml;
using TokenBroker.Host.Query;

namespace TokenBroker.Host.Tests.Protocol;

/// <summary>Success bodies as plain arrays for comparison (the endpoint writes the pooled body and returns it).</summary>
internal static class RenderedXml
{
    public static byte[] Success(string action, string requestId, Action<XmlWriter> writeResult, string ns = StsXml.Namespace, bool hasResult = true)
    {
        using var body = StsXml.Success(action, requestId, writeResult, ns, hasResult);
        return body.Memory.ToArray();
    }
}
