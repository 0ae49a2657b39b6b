using System.Xml;
using TokenBroker.Core.Errors;

namespace TokenBroker.Host.Query;

/// <summary>What an operation answered: the children of its Result element, or an error.</summary>
internal sealed record StsReply(string Action, Action<XmlWriter>? WriteResult, StsError? Error)
{
    public static StsReply Success(string action, Action<XmlWriter> writeResult) => new(action, writeResult, null);

    public static StsReply Failure(string action, StsError error) => new(action, null, error);
}
