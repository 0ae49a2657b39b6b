using System.Xml;
using QRCoder;
using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;
using TokenBroker.Core.Protocol;

namespace TokenBroker.Host.Iam;

/// <summary>The self-service credential rows of the IAM action table: access keys and virtual MFA devices.</summary>
internal sealed partial class IamOperations
{
    /// <summary>serialNumberType: 9–256, <c>[\w+=/:,.@-]+</c>.</summary>
    private static readonly StringRule SerialNumber = new StringRule(9, 256, Pattern.SerialNumber).AsRequired();

    /// <summary>accessKeyIdType: 16–128, <c>[\w]+</c>.</summary>
    private static readonly StringRule AccessKeyIdMember = new StringRule(16, 128, Pattern.AccessKeyId).AsRequired();

    /// <summary>statusType as UpdateAccessKey takes it.</summary>
    private static readonly StringRule StatusMember = new StringRule(0, 16, null).AsRequired();

    /// <summary>authenticationCodeType: exactly 6 digits.</summary>
    private static readonly StringRule AuthenticationCode = new StringRule(6, 6, Pattern.TokenCode).AsRequired();

    /// <summary>virtualMFADeviceName: 1–226, <c>[\w+=,.@-]+</c>.</summary>
    private static readonly StringRule VirtualMfaDeviceName = new StringRule(1, 226, Pattern.IamName).AsRequired();

    private static IamAction[] SelfServiceRows(IamAccessKeyWrites keys, IamMfaWrites mfa, IamCredentialReport reports) =>
    [
        UndoableRow("CreateAccessKey", r => r.Text("UserName", IamParameters.Name), keys.CreateAccessKeyAsync, WriteAccessKey),
        Row("UpdateAccessKey", r => BindAccessKey(r, withStatus: true), keys.UpdateAccessKeyAsync, null),
        Row("DeleteAccessKey", r => BindAccessKey(r, withStatus: false), keys.DeleteAccessKeyAsync, null),
        UndoableRow("CreateVirtualMFADevice", BindCreateVirtualMfaDevice, mfa.CreateVirtualMfaDeviceAsync, WriteVirtualMfaDevice),
        Row("EnableMFADevice", r => BindMfaDevice(r, withCodes: true), mfa.EnableMfaDeviceAsync, null),
        Row("ResyncMFADevice", r => BindMfaDevice(r, withCodes: true), mfa.ResyncMfaDeviceAsync, null),
        Row("DeactivateMFADevice", r => BindMfaDevice(r, withCodes: false), mfa.DeactivateMfaDeviceAsync, null),
        Row("DeleteVirtualMFADevice", r => r.Text("SerialNumber", SerialNumber) ?? "", mfa.DeleteVirtualMfaDeviceAsync, null),
        Row("GenerateCredentialReport", _ => true, (c, _, ct) => reports.GenerateAsync(c, ct), (xml, state) =>
        {
            xml.Text("State", state.State);
            xml.Text("Description", state.Description);
        }),
        Row("GetCredentialReport", _ => true, (c, _, ct) => reports.GetAsync(c, ct), (xml, report) =>
        {
            xml.Text("Content", Convert.ToBase64String(report.Content));
            xml.Text("ReportFormat", "text/csv");
            xml.Time("GeneratedTime", report.GeneratedTime);
        }),
    ];

    private static AccessKeyRequest BindAccessKey(ParameterReader reader, bool withStatus)
    {
        var userName = reader.Text("UserName", IamParameters.Name);
        var id = reader.Text("AccessKeyId", AccessKeyIdMember) ?? "";
        AccessKeyStatus? status = null;
        if (withStatus)
        {
            var text = reader.Text("Status", StatusMember);
            if (text is not null && text is not (nameof(AccessKeyStatus.Active) or nameof(AccessKeyStatus.Inactive)))
            {
                reader.AddViolation(text, "Status", "Member must satisfy enum value set: [Active, Inactive, Expired]");
            }

            status = string.Equals(text, nameof(AccessKeyStatus.Inactive), StringComparison.Ordinal) ? AccessKeyStatus.Inactive : AccessKeyStatus.Active;
        }

        return new AccessKeyRequest(userName, id, status);
    }

    private static MfaDeviceRequest BindMfaDevice(ParameterReader reader, bool withCodes) => new(
        reader.Text("UserName", IamParameters.Name),
        reader.Text("SerialNumber", SerialNumber) ?? "",
        withCodes ? reader.Text("AuthenticationCode1", AuthenticationCode) : null,
        withCodes ? reader.Text("AuthenticationCode2", AuthenticationCode) : null);

    // pathType: "/" or "/…/" of printable ASCII (the model's (\u002F)|(\u002F[\u0021-\u007E]+\u002F)).
    private static CreateVirtualMfaDeviceRequest BindCreateVirtualMfaDevice(ParameterReader reader)
    {
        var name = reader.Text("VirtualMFADeviceName", VirtualMfaDeviceName) ?? "";
        var path = reader.Text("Path", IamParameters.PathPrefix) ?? "/";
        if (!path.EndsWith('/'))
        {
            reader.AddViolation(path, "path", @"Member must satisfy regular expression pattern: (\u002F)|(\u002F[\u0021-\u007E]+\u002F)");
        }

        return new CreateVirtualMfaDeviceRequest(name, path);
    }

    private static void WriteAccessKey(XmlWriter xml, AccessKey key) => xml.Structure("AccessKey", () =>
    {
        xml.Text("UserName", key.UserName);
        xml.Text("AccessKeyId", key.AccessKeyId.Value);
        xml.Text("Status", key.Status.ToString());
        xml.Text("SecretAccessKey", key.SecretAccessKey);
        xml.Time("CreateDate", key.CreatedAt);
    });

    // Both seed members are blobs, so base64 on the wire: the Base32 text, and a PNG of the otpauth URI's QR code.
    private static void WriteVirtualMfaDevice(XmlWriter xml, CreatedVirtualMfaDevice device) => xml.Structure("VirtualMFADevice", () =>
    {
        xml.Text("SerialNumber", device.SerialNumber);
        xml.Text("Base32StringSeed", Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(device.Base32StringSeed)));
        xml.Text("QRCodePNG", Convert.ToBase64String(QrCodePng(device.OtpAuthUri)));
    });

    private static byte[] QrCodePng(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4);
    }
}
