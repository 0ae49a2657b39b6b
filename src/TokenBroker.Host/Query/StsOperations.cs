using System.Xml;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Query;

/// <summary>Dispatches an authenticated request to its operation and renders the operation's result element.</summary>
internal sealed class StsOperations(GetSessionTokenOperation getSessionToken, GetAccessKeyInfoOperation getAccessKeyInfo)
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "GetCallerIdentity",
        "GetSessionToken",
        "GetAccessKeyInfo",
    };

    /// <summary>Whether this broker serves the action.</summary>
    public static bool IsSupported(string action) => Supported.Contains(action);

    /// <summary>Runs the operation named by <paramref name="action"/>.</summary>
    public async Task<StsReply> ExecuteAsync(string action, Caller caller, QueryParameters parameters, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case "GetCallerIdentity":
                var identity = GetCallerIdentityOperation.Execute(caller);
                return StsReply.Success(action, xml =>
                {
                    xml.Element("Arn", identity.Arn);
                    xml.Element("UserId", identity.UserId);
                    xml.Element("Account", identity.Account);
                });

            case "GetSessionToken":
                var session = await getSessionToken.ExecuteAsync(caller, parameters, cancellationToken);
                return session.IsSuccess
                    ? StsReply.Success(action, xml => WriteCredentials(xml, session.Value.Credentials))
                    : StsReply.Failure(action, session.Error!);

            case "GetAccessKeyInfo":
                var account = await getAccessKeyInfo.ExecuteAsync(parameters, cancellationToken);
                return account.IsSuccess
                    ? StsReply.Success(action, xml => xml.Element("Account", account.Value))
                    : StsReply.Failure(action, account.Error!);

            default:
                throw new InvalidOperationException("Dispatch reached an action that IsSupported does not list.");
        }
    }

    /// <summary>The Credentials element, in the member order of AWS's responses.</summary>
    public static void WriteCredentials(XmlWriter xml, TemporaryCredentials credentials)
    {
        xml.WriteStartElement("Credentials", StsXml.Namespace);
        xml.Element("AccessKeyId", credentials.AccessKeyId.Value);
        xml.Element("SecretAccessKey", credentials.SecretAccessKey);
        xml.Element("SessionToken", credentials.SessionToken);
        xml.Element("Expiration", StsXml.Timestamp(credentials.Expiration));
        xml.WriteEndElement();
    }
}
