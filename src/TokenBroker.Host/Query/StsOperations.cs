using System.Globalization;
using System.Xml;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Query;

/// <summary>
/// Dispatches an authenticated request to its operation and renders the operation's result element. Every operation
/// that issues credentials passes its outcome through <see cref="CredentialAudit"/> before the reply is rendered.
/// </summary>
internal sealed class StsOperations(
    GetSessionTokenOperation getSessionToken,
    GetAccessKeyInfoOperation getAccessKeyInfo,
    AssumeRoleOperation assumeRole,
    GetFederationTokenOperation getFederationToken,
    AssumeRoleWithWebIdentityOperation assumeRoleWithWebIdentity,
    AssumeRoleWithSamlOperation assumeRoleWithSaml,
    CredentialAudit audit)
{
    private static readonly HashSet<string> Supported = new(StringComparer.Ordinal)
    {
        "GetCallerIdentity",
        "GetSessionToken",
        "GetAccessKeyInfo",
        "AssumeRole",
        "GetFederationToken",
    };

    /// <summary>Whether the action issues credentials, so that every outcome of it is audited.</summary>
    public static bool IssuesCredentials(string action) =>
        action is "GetSessionToken" or "AssumeRole" or "GetFederationToken" or "AssumeRoleWithSAML" or "AssumeRoleWithWebIdentity";

    // Called without AWS credentials: the token or assertion in the request authenticates the caller, and AWS ignores a
    // signature if one is present (API reference, AssumeRoleWithWebIdentity and AssumeRoleWithSAML: "Calling ... does
    // not require the use of AWS security credentials").
    private static readonly HashSet<string> Unsigned = new(StringComparer.Ordinal)
    {
        "AssumeRoleWithSAML",
        "AssumeRoleWithWebIdentity",
    };

    /// <summary>Whether this broker serves the action.</summary>
    public static bool IsSupported(string action) => Supported.Contains(action) || Unsigned.Contains(action);

    /// <summary>Whether the action is served without authenticating a signature.</summary>
    public static bool IsUnsigned(string action) => Unsigned.Contains(action);

    /// <summary>Runs an unsigned operation (<see cref="IsUnsigned"/>).</summary>
    public async Task<StsReply> ExecuteUnsignedAsync(
        string action, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case "AssumeRoleWithSAML":
                // Unsigned calls have no authenticated caller: the record names the role, session and issued key; the
                // assertion or token itself is never recorded.
                var saml = await audit.RecordAsync(action, null, call, parameters,
                    await assumeRoleWithSaml.ExecuteAsync(parameters, call, cancellationToken), result => result.Issued, cancellationToken);
                return saml.IsSuccess
                    ? StsReply.Success(action, xml => AssumeRoleWithSamlXml.Write(xml, saml.Value))
                    : StsReply.Failure(action, saml.Error!);

            case "AssumeRoleWithWebIdentity":
                var web = await audit.RecordAsync(action, null, call, parameters,
                    await assumeRoleWithWebIdentity.ExecuteAsync(parameters, call, cancellationToken), result => result.Issued, cancellationToken);
                return web.IsSuccess
                    ? StsReply.Success(action, xml => WriteAssumeRoleWithWebIdentity(xml, web.Value))
                    : StsReply.Failure(action, web.Error!);

            default:
                throw new InvalidOperationException("Dispatch reached an action that IsUnsigned does not list.");
        }
    }

    /// <summary>Runs the operation named by <paramref name="action"/>.</summary>
    public async Task<StsReply> ExecuteAsync(
        string action, Caller caller, QueryParameters parameters, CallContext call, CancellationToken cancellationToken)
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
                var session = await audit.RecordAsync(action, caller, call, parameters,
                    await getSessionToken.ExecuteAsync(caller, parameters, call, cancellationToken), issued => issued, cancellationToken);
                return session.IsSuccess
                    ? StsReply.Success(action, xml =>
                    {
                        WriteCredentials(xml, session.Value.Credentials);
                        WriteTokenSize(xml, session.Value);
                    })
                    : StsReply.Failure(action, session.Error!);

            case "GetAccessKeyInfo":
                var account = await getAccessKeyInfo.ExecuteAsync(parameters, cancellationToken);
                return account.IsSuccess
                    ? StsReply.Success(action, xml => xml.Element("Account", account.Value))
                    : StsReply.Failure(action, account.Error!);

            case "AssumeRole":
                var role = await audit.RecordAsync(action, caller, call, parameters,
                    await assumeRole.ExecuteAsync(caller, parameters, call, cancellationToken), result => result.Issued, cancellationToken);
                return role.IsSuccess ? StsReply.Success(action, xml => WriteAssumeRole(xml, role.Value)) : StsReply.Failure(action, role.Error!);

            case "GetFederationToken":
                var federated = await audit.RecordAsync(action, caller, call, parameters,
                    await getFederationToken.ExecuteAsync(caller, parameters, call, cancellationToken), result => result.Issued, cancellationToken);
                return federated.IsSuccess
                    ? StsReply.Success(action, xml => WriteFederationToken(xml, federated.Value))
                    : StsReply.Failure(action, federated.Error!);

            default:
                throw new InvalidOperationException("Dispatch reached an action that IsSupported does not list.");
        }
    }

    /// <summary>AssumeRoleResult: SourceIdentity, Credentials, AssumedRoleUser, PackedPolicySize, token size (AWS's sample order).</summary>
    public static void WriteAssumeRole(XmlWriter xml, AssumeRoleResult result)
    {
        xml.Optional("SourceIdentity", result.SourceIdentity);
        WriteCredentials(xml, result.Issued.Credentials);
        xml.WriteStartElement("AssumedRoleUser", StsXml.Namespace);
        xml.Element("Arn", result.AssumedRoleArn);
        xml.Element("AssumedRoleId", result.AssumedRoleId);
        xml.WriteEndElement();
        xml.Element("PackedPolicySize", result.Issued.PackedPolicySize.ToString(CultureInfo.InvariantCulture));
        WriteTokenSize(xml, result.Issued);
    }

    /// <summary>
    /// AssumeRoleWithWebIdentityResult in the order of AWS's sample: SubjectFromWebIdentityToken, Audience,
    /// AssumedRoleUser, Credentials, SourceIdentity, Provider, then PackedPolicySize and the token size.
    /// </summary>
    public static void WriteAssumeRoleWithWebIdentity(XmlWriter xml, AssumeRoleWithWebIdentityResult result)
    {
        xml.Element("SubjectFromWebIdentityToken", result.SubjectFromWebIdentityToken);
        xml.Element("Audience", result.Audience);
        xml.WriteStartElement("AssumedRoleUser", StsXml.Namespace);
        xml.Element("Arn", result.AssumedRoleArn);
        xml.Element("AssumedRoleId", result.AssumedRoleId);
        xml.WriteEndElement();
        WriteCredentials(xml, result.Issued.Credentials);
        xml.Optional("SourceIdentity", result.SourceIdentity);
        xml.Element("Provider", result.Provider);
        xml.Element("PackedPolicySize", result.Issued.PackedPolicySize.ToString(CultureInfo.InvariantCulture));
        WriteTokenSize(xml, result.Issued);
    }

    /// <summary>GetFederationTokenResult: Credentials, FederatedUser, PackedPolicySize, token size.</summary>
    public static void WriteFederationToken(XmlWriter xml, GetFederationTokenResult result)
    {
        WriteCredentials(xml, result.Issued.Credentials);
        xml.WriteStartElement("FederatedUser", StsXml.Namespace);
        xml.Element("FederatedUserId", result.FederatedUserId);
        xml.Element("Arn", result.FederatedUserArn);
        xml.WriteEndElement();
        xml.Element("PackedPolicySize", result.Issued.PackedPolicySize.ToString(CultureInfo.InvariantCulture));
        WriteTokenSize(xml, result.Issued);
    }

    /// <summary>SessionTokenSize (characters) and SessionTokenUtilization (percent of 4,096), which STS returns since 2026-09.</summary>
    public static void WriteTokenSize(XmlWriter xml, IssuedCredentials issued)
    {
        xml.Element("SessionTokenSize", issued.SessionTokenSize.ToString(CultureInfo.InvariantCulture));
        xml.Element("SessionTokenUtilization", issued.SessionTokenUtilization.ToString(CultureInfo.InvariantCulture));
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
