using System.Xml;
using TokenBroker.Core.Model;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Authentication.Saml;

/// <summary>
/// Checks the semantics of a verified assertion and reads its values, only by direct-child navigation from the
/// verified element (federation.md §2.4 steps 11–16; SAML Profiles §4.1.4).
/// </summary>
internal static class SamlAssertionReader
{
    private const string UnspecifiedFormat = "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified";

    public static StsResult<SamlAssertionValues> Read(
        SamlAssertionParts parts, string issuer, SamlValidationSettings settings, DateTimeOffset now)
    {
        var skew = settings.EffectiveSkew;

        // An assertion issued in the future (beyond the skew) comes from a broken or hostile clock.
        if (SamlXml.Instant(SamlXml.Attribute(parts.Assertion, "IssueInstant")) is not { } issued || issued > SaturatingTime.Add(now, skew))
        {
            return SamlErrors.Invalid();
        }

        var subject = ReadSubject(parts.Subject, settings, now, skew);
        if (!subject.IsSuccess)
        {
            return subject.Error;
        }

        var conditions = ReadConditions(parts.Conditions, settings, now, skew);
        if (!conditions.IsSuccess)
        {
            return conditions.Error;
        }

        var sessionNotOnOrAfter = ReadSessionNotOnOrAfter(parts.AuthnStatements);
        if (!sessionNotOnOrAfter.IsSuccess)
        {
            return sessionNotOnOrAfter.Error;
        }

        // SAML Profiles §4.1.4.3: the security context is discarded at SessionNotOnOrAfter; no session can start after it.
        if (sessionNotOnOrAfter.Value is { } sessionEnd && now >= sessionEnd)
        {
            return SamlErrors.Expired();
        }

        var attributes = SamlAttributeReader.Read(parts.AttributeStatements);
        if (!attributes.IsSuccess)
        {
            return attributes.Error;
        }

        var (nameId, subjectType, recipient, confirmationExpiry) = subject.Value;
        var (audience, conditionsExpiry) = conditions.Value;
        var aws = attributes.Value;
        var replayUntil = conditionsExpiry is { } c && c > confirmationExpiry ? c : confirmationExpiry;
        if (FederatedTokenLifetime.IsTooLong(issued, replayUntil, now))
        {
            return SamlErrors.LifetimeTooLong();
        }

        return new SamlAssertionValues(
            issuer, nameId, subjectType, recipient, audience, parts.Id, replayUntil, sessionNotOnOrAfter.Value,
            aws.Roles, aws.RoleSessionName, aws.SessionDuration, aws.SourceIdentity, aws.PrincipalTags, aws.TransitiveTagKeys,
            aws.All);
    }

    private static StsResult<(string NameId, string SubjectType, string Recipient, DateTimeOffset NotOnOrAfter)> ReadSubject(
        XmlElement subject, SamlValidationSettings settings, DateTimeOffset now, TimeSpan skew)
    {
        var children = SamlXml.Children(subject);
        if (children is null || children.Count == 0)
        {
            return SamlErrors.Invalid();
        }

        // AWS: a Subject without NameID is AccessDenied (troubleshoot_saml). EncryptedID and BaseID are not supported.
        if (!SamlXml.Is(children[0], SamlNames.Assertion, "NameID"))
        {
            return SamlErrors.MissingNameId();
        }

        var nameId = SamlXml.TrimmedText(children[0]);
        if (nameId is null)
        {
            return SamlErrors.Invalid();
        }

        if (nameId.Length == 0)
        {
            return SamlErrors.MissingNameId();
        }

        // AWS: "exactly one SubjectConfirmation element" (id_roles_providers_create_saml_assertions).
        if (children.Count != 2 || !SamlXml.Is(children[1], SamlNames.Assertion, "SubjectConfirmation"))
        {
            return SamlErrors.Invalid();
        }

        var confirmation = ReadConfirmation(children[1], settings, now, skew);
        if (!confirmation.IsSuccess)
        {
            return confirmation.Error;
        }

        return (nameId, SubjectType(SamlXml.Attribute(children[0], "Format")), confirmation.Value.Recipient, confirmation.Value.NotOnOrAfter);
    }

    private static StsResult<(string Recipient, DateTimeOffset NotOnOrAfter)> ReadConfirmation(
        XmlElement confirmation, SamlValidationSettings settings, DateTimeOffset now, TimeSpan skew)
    {
        // SAML Profiles §4.1.4.2: bearer; CVE-2020-5268 accepted holder-of-key without checking the key.
        var children = SamlXml.Children(confirmation);
        if (!string.Equals(SamlXml.Attribute(confirmation, "Method"), SamlNames.BearerMethod, StringComparison.Ordinal)
            || children is not { Count: 1 }
            || !SamlXml.Is(children[0], SamlNames.Assertion, "SubjectConfirmationData"))
        {
            return SamlErrors.Invalid();
        }

        var data = children[0];
        var recipient = SamlXml.Attribute(data, "Recipient");
        var notOnOrAfter = SamlXml.Instant(SamlXml.Attribute(data, "NotOnOrAfter"));

        // SAML Profiles §4.1.4.2: bearer confirmation data carries no NotBefore.
        if (recipient is null || notOnOrAfter is null || data.HasAttribute("NotBefore") || !settings.IsAllowedRecipient(recipient))
        {
            return SamlErrors.Invalid();
        }

        if (now >= SaturatingTime.Add(notOnOrAfter.Value, skew))
        {
            return SamlErrors.Expired();
        }

        return (recipient, notOnOrAfter.Value);
    }

    private static StsResult<(string Audience, DateTimeOffset? NotOnOrAfter)> ReadConditions(
        XmlElement conditions, SamlValidationSettings settings, DateTimeOffset now, TimeSpan skew)
    {
        var notBeforeText = SamlXml.Attribute(conditions, "NotBefore");
        var notOnOrAfterText = SamlXml.Attribute(conditions, "NotOnOrAfter");
        var notBefore = SamlXml.Instant(notBeforeText);
        var notOnOrAfter = SamlXml.Instant(notOnOrAfterText);
        var children = SamlXml.Children(conditions);
        if ((notBeforeText is not null && notBefore is null) || (notOnOrAfterText is not null && notOnOrAfter is null) || children is null)
        {
            return SamlErrors.Invalid();
        }

        // SAML Core §2.5.1.2, with the skew on both sides.
        if (notOnOrAfter is { } end && now >= SaturatingTime.Add(end, skew))
        {
            return SamlErrors.Expired();
        }

        if (notBefore is { } start && SaturatingTime.Add(now, skew) < start)
        {
            return SamlErrors.Invalid();
        }

        string? accepted = null;
        foreach (var condition in children)
        {
            if (SamlXml.Is(condition, SamlNames.Assertion, "AudienceRestriction"))
            {
                // SAML Core §2.5.1.4: every restriction must be met (AND), by any one of its audiences (OR).
                var audience = AcceptedAudience(condition, settings);
                if (audience is null)
                {
                    return SamlErrors.Audience();
                }

                accepted ??= audience;
            }
            else if (!SamlXml.Is(condition, SamlNames.Assertion, "OneTimeUse") && !SamlXml.Is(condition, SamlNames.Assertion, "ProxyRestriction"))
            {
                return SamlErrors.Invalid();
            }
        }

        return accepted is null ? SamlErrors.Audience() : (accepted, notOnOrAfter);
    }

    private static string? AcceptedAudience(XmlElement restriction, SamlValidationSettings settings)
    {
        var audiences = SamlXml.Children(restriction);
        if (audiences is null)
        {
            return null;
        }

        foreach (var audience in audiences)
        {
            if (SamlXml.Is(audience, SamlNames.Assertion, "Audience") && SamlXml.TrimmedText(audience) is { } value && settings.IsAllowedAudience(value))
            {
                return value;
            }
        }

        return null;
    }

    private static StsResult<DateTimeOffset?> ReadSessionNotOnOrAfter(IReadOnlyList<XmlElement> statements)
    {
        DateTimeOffset? earliest = null;
        foreach (var statement in statements)
        {
            var text = SamlXml.Attribute(statement, "SessionNotOnOrAfter");
            if (text is null)
            {
                continue;
            }

            if (SamlXml.Instant(text) is not { } value)
            {
                return SamlErrors.Invalid();
            }

            earliest = earliest is null || value < earliest ? value : earliest;
        }

        return earliest;
    }

    // saml:sub_type: persistent, transient, or the full Format URI (reference_policies_iam-condition-keys).
    private static string SubjectType(string? format) => format switch
    {
        null => UnspecifiedFormat,
        SamlNames.PersistentFormat => "persistent",
        SamlNames.TransientFormat => "transient",
        _ => format,
    };
}
