using System.Security.Cryptography;

namespace TokenBroker.Core.Model;

/// <summary>Generates AWS-shaped unique ids (reference_identifiers: AIDA user, AROA role, AKIA/ASIA keys, AGPA group, ANPA policy).</summary>
public static class Identifiers
{
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    /// <summary>A new IAM user id: AIDA + 17 characters.</summary>
    public static string NewUserId() => "AIDA" + RandomBase32(17);

    /// <summary>A new role id: AROA + 17 characters.</summary>
    public static string NewRoleId() => "AROA" + RandomBase32(17);

    /// <summary>A new group id: AGPA + 17 characters.</summary>
    public static string NewGroupId() => "AGPA" + RandomBase32(17);

    /// <summary>A new managed policy id: ANPA + 17 characters.</summary>
    public static string NewPolicyId() => "ANPA" + RandomBase32(17);

    /// <summary>A new long-term access key id (AKIA…) that encodes its account, as AWS's do.</summary>
    public static AccessKeyId NewLongTermAccessKeyId(AccountId account) => AccessKeyIdAccount.NewId(AccessKeyId.LongTermPrefix, account);

    /// <summary>A new temporary access key id (ASIA…) that encodes its account, as AWS's do.</summary>
    public static AccessKeyId NewTemporaryAccessKeyId(AccountId account) => AccessKeyIdAccount.NewId(AccessKeyId.TemporaryPrefix, account);

    /// <summary>A new 40-character secret access key from the OS random generator.</summary>
    public static string NewSecretAccessKey()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        return RandomNumberGenerator.GetString(alphabet, 40);
    }

    private static string RandomBase32(int length) => RandomNumberGenerator.GetString(Base32, length);
}
