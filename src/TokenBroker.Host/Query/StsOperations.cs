using System.Globalization;
using System.Xml;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Core.Operations;

namespace TokenBroker.Host.Query;

/// <summary>
/// The STS action table: one row per action, naming whether it is signed, whether it issues credentials, the
/// operation that runs it and the writer of its result element. Adding an action is one row here and one Core
/// operation; the operations themselves audit every issuance and refusal.
/// </summary>
internal sealed class StsOperations
{
    private readonly Dictionary<string, StsAction> _actions;

    public StsOperations(
        GetSessionTokenOperation getSessionToken,
        AssumeRoleOperation assumeRole,
        GetFederationTokenOperation getFederationToken,
        AssumeRoleWithWebIdentityOperation assumeRoleWithWebIdentity,
        AssumeRoleWithSamlOperation assumeRoleWithSaml,
        GetWebIdentityTokenOperation getWebIdentityToken,
        DecodeAuthorizationMessageOperation decodeAuthorizationMessage)
    {
        StsAction[] actions =
        [
            Row("GetCallerIdentity", Signed, issues: false,
                (r, _) => Task.FromResult<StsResult<GetCallerIdentityResult>>(GetCallerIdentityOperation.Execute(r.Caller!)), WriteCallerIdentity),
            Row("GetAccessKeyInfo", Signed, issues: false,
                (r, _) => Task.FromResult(GetAccessKeyInfoOperation.Execute(r.Directory, r.Parameters)), (xml, account) => xml.Element("Account", account)),
            Row("GetSessionToken", Signed, issues: true,
                (r, ct) => getSessionToken.ExecuteAsync(r.Caller!, r.Directory, r.Parameters, r.Call, ct), WriteSessionToken),
            Row("AssumeRole", Signed, issues: true,
                (r, ct) => assumeRole.ExecuteAsync(r.Caller!, r.Directory, r.Parameters, r.Call, ct), WriteAssumeRole),
            Row("GetFederationToken", Signed, issues: true,
                (r, ct) => getFederationToken.ExecuteAsync(r.Caller!, r.Directory, r.Parameters, r.Call, ct), WriteFederationToken),
            Row("GetWebIdentityToken", Signed, issues: true,
                (r, ct) => getWebIdentityToken.ExecuteAsync(r.Caller!, r.Directory, r.Parameters, r.Call, ct), WriteWebIdentityToken),
            Row("DecodeAuthorizationMessage", Signed, issues: false,
                (r, ct) => decodeAuthorizationMessage.ExecuteAsync(r.Caller!, r.Directory, r.Parameters, r.Call, ct),
                (xml, decoded) => xml.Element("DecodedMessage", decoded)),

            // Called without AWS credentials: the token or assertion in the request authenticates the caller, and AWS
            // ignores a signature if one is present (API reference, AssumeRoleWithWebIdentity and AssumeRoleWithSAML:
            // "Calling ... does not require the use of AWS security credentials").
            Row("AssumeRoleWithSAML", Unsigned, issues: true,
                (r, ct) => assumeRoleWithSaml.ExecuteAsync(r.Directory, r.Parameters, r.Call, ct), AssumeRoleWithSamlXml.Write),
            Row("AssumeRoleWithWebIdentity", Unsigned, issues: true,
                (r, ct) => assumeRoleWithWebIdentity.ExecuteAsync(r.Directory, r.Parameters, r.Call, ct), WriteAssumeRoleWithWebIdentity),
        ];
        _actions = actions.ToDictionary(a => a.Name, StringComparer.Ordinal);
    }

    private const bool Signed = true;
    private const bool Unsigned = false;

    /// <summary>Every action the table serves.</summary>
    public IReadOnlyCollection<StsAction> Actions => _actions.Values;

    /// <summary>The row of a served action, or null.</summary>
    public StsAction? Find(string action) => _actions.GetValueOrDefault(action);

    private static StsAction Row<T>(
        string name, bool signed, bool issues, Func<StsRequest, CancellationToken, Task<StsResult<T>>> run, Action<XmlWriter, T> write) =>
        new(name, signed, issues, async (request, cancellationToken) =>
        {
            var result = await run(request, cancellationToken);
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
