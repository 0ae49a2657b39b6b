using System.Globalization;
using System.Xml;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Query;

/// <summary>
/// The STS action table: one row per action, naming whether it is signed, whether it issues credentials, the binder of
/// its typed request, the operation that runs it and the writer of its result element. Adding an action is one row here
/// and one Core operation; the operations themselves audit every issuance and refusal, and this table audits a request
/// of an issuing action refused by its binder.
/// </summary>
internal sealed class StsOperations
{
    private readonly Dictionary<string, StsAction> _actions;
    private readonly CredentialAudit _audit;

    public StsOperations(
        CredentialAudit audit,
        GetSessionTokenOperation getSessionToken,
        AssumeRoleOperation assumeRole,
        GetFederationTokenOperation getFederationToken,
        AssumeRoleWithWebIdentityOperation assumeRoleWithWebIdentity,
        AssumeRoleWithSamlOperation assumeRoleWithSaml,
        GetWebIdentityTokenOperation getWebIdentityToken,
        DecodeAuthorizationMessageOperation decodeAuthorizationMessage)
    {
        _audit = audit;
        StsAction[] actions =
        [
            Row("GetCallerIdentity", Signed, issues: false, GetCallerIdentityRequest.Bind,
                (r, request, _) => Task.FromResult<StsResult<GetCallerIdentityResult>>(GetCallerIdentityOperation.Execute(r.Caller!, request)),
                WriteCallerIdentity),
            Row("GetAccessKeyInfo", Signed, issues: false, GetAccessKeyInfoRequest.Bind,
                (r, request, _) => Task.FromResult(GetAccessKeyInfoOperation.Execute(r.Directory, request)),
                (xml, account) => xml.Element("Account", account)),
            Row("GetSessionToken", Signed, issues: true, GetSessionTokenRequest.Bind,
                (r, request, ct) => getSessionToken.ExecuteAsync(r.Caller!, r.Directory, request, r.Call, ct), WriteSessionToken),
            Row("AssumeRole", Signed, issues: true, AssumeRoleRequest.Bind,
                (r, request, ct) => assumeRole.ExecuteAsync(r.Caller!, r.Directory, request, r.Call, ct), WriteAssumeRole),
            Row("GetFederationToken", Signed, issues: true, GetFederationTokenRequest.Bind,
                (r, request, ct) => getFederationToken.ExecuteAsync(r.Caller!, r.Directory, request, r.Call, ct), WriteFederationToken),
            Row("GetWebIdentityToken", Signed, issues: true, GetWebIdentityTokenRequest.Bind,
                (r, request, ct) => getWebIdentityToken.ExecuteAsync(r.Caller!, r.Directory, request, r.Call, ct), WriteWebIdentityToken),
            Row("DecodeAuthorizationMessage", Signed, issues: false, DecodeAuthorizationMessageRequest.Bind,
                (r, request, ct) => decodeAuthorizationMessage.ExecuteAsync(r.Caller!, r.Directory, request, r.Call, ct),
                (xml, decoded) => xml.Element("DecodedMessage", decoded)),

            // Called without AWS credentials: the token or assertion in the request authenticates the caller, and AWS
            // ignores a signature if one is present (API reference, AssumeRoleWithWebIdentity and AssumeRoleWithSAML:
            // "Calling ... does not require the use of AWS security credentials").
            Row("AssumeRoleWithSAML", Unsigned, issues: true, AssumeRoleWithSamlRequest.Bind,
                (r, request, ct) => assumeRoleWithSaml.ExecuteAsync(r.Directory, request, r.Call, ct), AssumeRoleWithSamlXml.Write),
            Row("AssumeRoleWithWebIdentity", Unsigned, issues: true, AssumeRoleWithWebIdentityRequest.Bind,
                (r, request, ct) => assumeRoleWithWebIdentity.ExecuteAsync(r.Directory, request, r.Call, ct), WriteAssumeRoleWithWebIdentity),
        ];
        _actions = actions.ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    private const bool Signed = true;
    private const bool Unsigned = false;

    /// <summary>Every action the table serves.</summary>
    public IReadOnlyCollection<StsAction> Actions => _actions.Values;

    /// <summary>The row of a served action, or null.</summary>
    public StsAction? Find(string action) => _actions.GetValueOrDefault(action);

    /// <summary>
    /// A row: bind the typed request from the Query parameters (AWS's validation messages), run the operation on it,
    /// render its result. The operation never sees the parameters.
    /// </summary>
    private StsAction Row<TRequest, TResult>(
        string name,
        bool signed,
        bool issues,
        Func<QueryParameters, StsResult<TRequest>> bind,
        Func<StsRequest, TRequest, CancellationToken, Task<StsResult<TResult>>> run,
        Action<XmlWriter, TResult> write) =>
        new(name, signed, issues, async (request, cancellationToken) =>
        {
            var bound = bind(request.Parameters);
            if (!bound.IsSuccess)
            {
                if (issues)
                {
                    await _audit.RecordRefusalAsync(name, request.Caller, request.Call, AuditedRequest.From(request.Parameters), bound.Error, cancellationToken);
                }

                return StsReply.Failure(name, bound.Error);
            }

            var result = await run(request, bound.Value, cancellationToken);
            return result.IsSuccess ? StsReply.Success(name, xml => write(xml, result.Value)) : StsReply.Failure(name, result.Error);
        });

    private static void WriteCallerIdentity(XmlWriter xml, GetCallerIdentityResult identity)
    {
        xml.Element("Arn", identity.Arn);
        xml.Element("UserId", identity.UserId);
        xml.Element("Account", identity.Account);
    }

    /// <summary>GetWebIdentityTokenResult: WebIdentityToken, Expiration.</summary>
    public static void WriteWebIdentityToken(XmlWriter xml, GetWebIdentityTokenResult result)
    {
        xml.Element("WebIdentityToken", result.WebIdentityToken);
        xml.Element("Expiration", StsXml.Timestamp(result.Expiration));
    }

    private static void WriteSessionToken(XmlWriter xml, IssuedCredentials issued)
    {
        WriteCredentials(xml, issued.Credentials);
        WriteTokenSize(xml, issued);
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
