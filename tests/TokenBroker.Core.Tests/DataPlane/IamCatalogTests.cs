using TokenBroker.Core.DataPlane;

namespace TokenBroker.Core.Tests.DataPlane;

/// <summary>
/// The built-in iam catalog (AWS's Service Authorization Reference for IAM) behind policy summaries and unknown-action
/// warnings: AWS's example policies summarize as IAM's console summaries do.
/// </summary>
public sealed class IamCatalogTests
{
    // AWS: Allows MFA-authenticated IAM users to manage their own credentials on the Security credentials page (IAM User
    // Guide, reference_policies_examples_aws_my-sec-creds-self-manage).
    private const string ManageOwnCredentials = """
        {"Version":"2012-10-17","Statement":[
          {"Sid":"AllowViewAccountInfo","Effect":"Allow","Action":["iam:GetAccountPasswordPolicy","iam:ListVirtualMFADevices"],"Resource":"*"},
          {"Sid":"AllowManageOwnPasswords","Effect":"Allow","Action":["iam:ChangePassword","iam:GetUser"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnAccessKeys","Effect":"Allow","Action":["iam:CreateAccessKey","iam:DeleteAccessKey","iam:ListAccessKeys","iam:UpdateAccessKey","iam:GetAccessKeyLastUsed"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnSigningCertificates","Effect":"Allow","Action":["iam:DeleteSigningCertificate","iam:ListSigningCertificates","iam:UpdateSigningCertificate","iam:UploadSigningCertificate"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnSSHPublicKeys","Effect":"Allow","Action":["iam:DeleteSSHPublicKey","iam:GetSSHPublicKey","iam:ListSSHPublicKeys","iam:UpdateSSHPublicKey","iam:UploadSSHPublicKey"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnGitCredentials","Effect":"Allow","Action":["iam:CreateServiceSpecificCredential","iam:DeleteServiceSpecificCredential","iam:ListServiceSpecificCredentials","iam:ResetServiceSpecificCredential","iam:UpdateServiceSpecificCredential"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"AllowManageOwnVirtualMFADevice","Effect":"Allow","Action":["iam:CreateVirtualMFADevice"],"Resource":"arn:aws:iam::*:mfa/*"},
          {"Sid":"AllowManageOwnUserMFA","Effect":"Allow","Action":["iam:DeactivateMFADevice","iam:EnableMFADevice","iam:ListMFADevices","iam:ResyncMFADevice"],"Resource":"arn:aws:iam::*:user/${aws:username}"},
          {"Sid":"DenyAllExceptListedIfNoMFA","Effect":"Deny","NotAction":["iam:CreateVirtualMFADevice","iam:EnableMFADevice","iam:GetUser","iam:GetMFADevice","iam:ListMFADevices","iam:ListVirtualMFADevices","iam:ResyncMFADevice","sts:GetSessionToken"],"Resource":"*","Condition":{"BoolIfExists":{"aws:MultiFactorAuthPresent":"false"}}}]}
        """;

    private static string Allow(string action) =>
        $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"{{action}}","Resource":"*"}]}""";

    private static string Summary(params string[] documents) =>
        string.Join(" | ", PolicySummary.Summarize(documents, BuiltInCatalogs.All));

    [Fact]
    public void Summarize_ManageOwnCredentialsExample_LimitedListReadWrite() =>
        Assert.Equal("iam: Limited: List, Read, Write", Summary(ManageOwnCredentials));

    [Fact]
    public void Summarize_IamStar_FullAccess() => Assert.Equal("iam: Full access", Summary(Allow("iam:*")));

    [Fact]
    public void Summarize_IamGetStar_LimitedListAndRead()
    {
        // GetAccountSummary and GetLoginProfile are List actions; the Generate* and Simulate* Read actions are not Get*.
        Assert.Equal("iam: Limited: List, Read", Summary(Allow("iam:Get*")));
    }

    [Fact]
    public void Summarize_IamListStar_LimitedList() => Assert.Equal("iam: Limited: List", Summary(Allow("iam:List*")));

    [Fact]
    public void Summarize_InlinePolicyWrites_LimitedPermissionsManagement() =>
        Assert.Equal("iam: Limited: Permissions management", Summary(Allow("iam:Put*Policy")));

    [Fact]
    public void Summarize_UnconditionalDenyOfEveryWrite_WriteNotGranted()
    {
        const string document = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},
            {"Effect":"Deny","Action":["iam:Create*","iam:Delete*","iam:Update*","iam:Upload*","iam:Add*","iam:Remove*","iam:Enable*","iam:Disable*",
              "iam:Associate*","iam:Accept*","iam:Reject*","iam:Send*","iam:Set*","iam:Reset*","iam:Resync*","iam:Deactivate*","iam:ChangePassword",
              "iam:PassRole","iam:PutAccountProperties"],"Resource":"*"}]}
            """;

        Assert.Equal("iam: Full: List, Read, Tagging; Limited: Permissions management", Summary(document));
    }

    [Fact]
    public void Iam_Catalog_HoldsAwsActionsWithTheirLevelsAndResourceTypes()
    {
        var actions = BuiltInCatalogs.Iam.Actions.ToDictionary(a => a.Name, StringComparer.Ordinal);

        Assert.Equal(actions.Count, BuiltInCatalogs.Iam.Actions.Count);
        Assert.Equal(AccessLevel.Write, actions["PassRole"].AccessLevel);
        Assert.Equal(["role"], actions["PassRole"].ResourceTypes);
        Assert.Equal(AccessLevel.PermissionsManagement, actions["AttachRolePolicy"].AccessLevel);
        Assert.Equal(AccessLevel.Tagging, actions["TagUser"].AccessLevel);
        Assert.Equal(AccessLevel.List, actions["GetAccountSummary"].AccessLevel);
        Assert.Empty(actions["ListUsers"].ResourceTypes);
        Assert.Equal(["group", "role", "user"], actions["SimulatePrincipalPolicy"].ResourceTypes);
        Assert.All(AccessLevels.All, level => Assert.Contains(actions.Values, a => a.AccessLevel == level));
    }

    [Fact]
    public void UnknownActions_MisspelledIamAction_Reported()
    {
        const string document = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:GetUsr","iam:Get*","iam:CreateAccessKey","IAM:listusers"],"Resource":"*"}]}""";

        Assert.Equal(["iam:GetUsr"], PolicySummary.UnknownActions(document, BuiltInCatalogs.All));
    }
}
