using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Tests.Credentials;

/// <summary>Valid grants to start from; tests change one thing with <c>with</c>.</summary>
internal static class Grants
{
    public static readonly AccountId Account = AccountId.Parse("111111111111");

    public static SessionGrant AssumedRole() => new(
        PrincipalKind.AssumedRole,
        Account,
        Arn.AssumedRole(Account, "demo", "alice-session"),
        Arn.IamRole(Account, "/", "demo"),
        "AROAEXAMPLEROLEID1234:alice-session",
        "AROAEXAMPLEROLEID1234",
        "alice-session",
        TimeSpan.FromHours(1),
        SessionPolicies.None,
        [],
        [],
        null,
        false,
        null,
        0,
        null);

    public static SessionGrant UserSession() => new(
        PrincipalKind.UserSession,
        Account,
        Arn.IamUser(Account, "/", "alice"),
        Arn.IamUser(Account, "/", "alice"),
        "AIDAEXAMPLEUSERID1234",
        null,
        null,
        TimeSpan.FromSeconds(129_600),
        SessionPolicies.None,
        [],
        [],
        null,
        true,
        CredentialHarness.Start.AddSeconds(-30),
        0,
        null);

    /// <summary>A SAML session: every optional field set, to prove all of them survive the token.</summary>
    public static SessionGrant Everything() => AssumedRole() with
    {
        PrincipalArn = Arn.AssumedRole(Account, "saml-role", "alice@example.com"),
        IssuerArn = Arn.IamRole(Account, "/federation/", "saml-role"),
        UserId = "AROAEXAMPLEROLEID5678:alice@example.com",
        RoleId = "AROAEXAMPLEROLEID5678",
        SessionName = "alice@example.com",
        Duration = TimeSpan.FromSeconds(43_200),
        Policies = SessionPolicies.Create(
            """{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/é/*" } ] }""",
            ["arn:aws:iam::111111111111:policy/ReadOnly", "arn:aws:iam::111111111111:policy/team/Extra"]),
        Tags = [new Tag("Project", "Unicorn"), new Tag("CostCenter", "12345"), new Tag("Empty", "")],
        TransitiveTagKeys = ["Project"],
        SourceIdentity = "alice",
        MultiFactorAuthPresent = true,
        MultiFactorAuthTime = CredentialHarness.Start.AddMinutes(-5),
        ChainingDepth = 2,
        FederatedProvider = "arn:aws:iam::111111111111:saml-provider/Okta",
        FederatedSubject = "alice@example.com",
    };

    /// <summary>A policy of exactly this many characters whose resource is random text, so it barely compresses.</summary>
    public static string PolicyOfLength(int length)
    {
        const string head = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::""";
        const string tail = "\"}]}";
        return head + RandomText(new Random(7), length - head.Length - tail.Length) + tail;
    }

    /// <summary>Tags with random keys and values of these lengths (random, so compression cannot hide their size).</summary>
    public static IReadOnlyList<Tag> Tags(int count, int keyLength, int valueLength)
    {
        var random = new Random(11);
        return Enumerable.Range(0, count)
            .Select(i => new Tag($"k{i:D2}" + RandomText(random, keyLength - 3), RandomText(random, valueLength)))
            .ToList();
    }

    private static string RandomText(Random random, int length)
    {
        const string alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        return string.Create(length, random, (chars, r) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[r.Next(alphabet.Length)];
            }
        });
    }
}
