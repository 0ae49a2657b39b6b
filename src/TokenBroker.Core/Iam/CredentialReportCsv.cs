using System.Globalization;
using System.Text;
using TokenBroker.Core.Model;
using TokenBroker.Core.Usage;

namespace TokenBroker.Core.Iam;

/// <summary>
/// The credential report's CSV: AWS's 22 columns in AWS's order, a <c>&lt;root_account&gt;</c> row, then one row per
/// user (id_credentials_getting-report). Users have no passwords and no signing certificates here, written as AWS
/// writes them for users without (<c>false</c>, <c>N/A</c>); what the directory does not record (creation times) is N/A.
/// </summary>
public static class CredentialReportCsv
{
    /// <summary>The header row's columns.</summary>
    public static IReadOnlyList<string> Columns { get; } =
    [
        "user", "arn", "user_creation_time", "password_enabled", "password_last_used", "password_last_changed", "password_next_rotation",
        "mfa_active", "access_key_1_active", "access_key_1_last_rotated", "access_key_1_last_used_date", "access_key_1_last_used_region",
        "access_key_1_last_used_service", "access_key_2_active", "access_key_2_last_rotated", "access_key_2_last_used_date",
        "access_key_2_last_used_region", "access_key_2_last_used_service", "cert_1_active", "cert_1_last_rotated", "cert_2_active",
        "cert_2_last_rotated",
    ];

    private const string NotApplicable = "N/A";

    /// <summary>The report of one account; <paramref name="uses"/> gives each key's last recorded use.</summary>
    public static byte[] Write(AccountSnapshot account, IReadOnlyDictionary<AccessKeyId, AccessKeyUse> uses)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(uses);
        var text = new StringBuilder();
        text.AppendJoin(',', Columns).Append('\n');

        // The root user has no password or keys here; AWS writes not_supported for its password columns.
        Row(text, ["<root_account>", $"arn:aws:iam::{account.Id.Value}:root", NotApplicable, "not_supported", "no_information",
            "not_supported", "not_supported", "false", .. NoKey(), .. NoKey(), "false", NotApplicable, "false", NotApplicable]);
        foreach (var user in account.Users.OrderBy(u => u.UserName, StringComparer.Ordinal))
        {
            var keys = account.AccessKeys.Where(k => k.UserName == user.UserName)
                .OrderBy(k => k.CreatedAt).ThenBy(k => k.AccessKeyId.Value, StringComparer.Ordinal).ToList();
            var mfa = account.MfaDevices.Any(d => d.UserName == user.UserName);
            Row(text, [user.UserName, user.Arn.ToString(), NotApplicable, "false", NotApplicable, NotApplicable, NotApplicable,
                mfa ? "true" : "false", .. Key(keys.ElementAtOrDefault(0), uses), .. Key(keys.ElementAtOrDefault(1), uses),
                "false", NotApplicable, "false", NotApplicable]);
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string[] NoKey() => ["false", NotApplicable, NotApplicable, NotApplicable, NotApplicable];

    private static string[] Key(AccessKey? key, IReadOnlyDictionary<AccessKeyId, AccessKeyUse> uses)
    {
        if (key is null)
        {
            return NoKey();
        }

        var use = uses.GetValueOrDefault(key.AccessKeyId);
        return
        [
            key.Status == AccessKeyStatus.Active ? "true" : "false",
            Time(key.CreatedAt),
            use is null ? NotApplicable : Time(use.UsedAt),
            use?.Region ?? NotApplicable,
            use?.ServiceNamespace ?? NotApplicable,
        ];
    }

    // ISO 8601 with an offset, as AWS writes them: 2017-06-10T02:35:07+00:00.
    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);

    // IAM names and ARNs hold no comma, quote or line break ([\w+=,.@-] allows a comma: such a field is quoted).
    private static void Row(StringBuilder text, IReadOnlyList<string> fields)
    {
        text.AppendJoin(',', fields.Select(f => f.Contains(',', StringComparison.Ordinal) ? "\"" + f.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : f));
        text.Append('\n');
    }
}
