using System.Buffers;
using TokenBroker.Core.Model;
using PrincipalKind = TokenBroker.Policy.Evaluation.PrincipalKind;

namespace TokenBroker.Core.Credentials;

/// <summary>
/// The compact, deterministic binary form of <see cref="SessionClaims"/>: fields in a fixed order, LEB128 integers,
/// length-prefixed UTF-8 strings, session policies and tags in packed blocks. Hand-written so it needs no reflection.
/// </summary>
internal static class SessionClaimsCodec
{
    private const byte MfaPresentFlag = 1;

    // One pair of writers per thread, reused by every issuance on it: Encode runs start to finish without awaiting,
    // and copies its result out, so nothing outlives the call. Claims are not secret (the token carries them in clear).
    [ThreadStatic]
    private static TokenWriter? t_claims;

    [ThreadStatic]
    private static TokenWriter? t_block;

    public static EncodedClaims Encode(SessionClaims claims)
    {
        var writer = Cleared(ref t_claims);
        var block = Cleared(ref t_block);
        writer.WriteString(claims.AccessKeyId.Value);
        Span<byte> sessionId = stackalloc byte[SessionTokenFormat.SessionIdSize];
        if (Convert.FromHexString(claims.SessionId, sessionId, out _, out var sessionIdLength) != OperationStatus.Done
            || sessionIdLength != sessionId.Length)
        {
            throw new ArgumentException("The session id is not 16 bytes of hex.", nameof(claims));
        }

        writer.WriteBytes(sessionId);
        writer.WriteVarUInt((ulong)claims.IssuedAt.ToUnixTimeSeconds());
        writer.WriteVarUInt((ulong)(claims.Expiration - claims.IssuedAt).TotalSeconds);
        writer.WriteByte((byte)claims.Kind);
        writer.WriteString(claims.Account.Value);
        writer.WriteString(claims.PrincipalArn.ToString());
        writer.WriteString(claims.IssuerArn.ToString());
        writer.WriteString(claims.UserId);
        writer.WriteString(claims.RoleId);
        writer.WriteString(claims.SessionName);
        writer.WriteByte(claims.MultiFactorAuthPresent ? MfaPresentFlag : (byte)0);
        writer.WriteVarUInt(claims.MultiFactorAuthTime is { } mfaTime ? (ulong)mfaTime.ToUnixTimeSeconds() + 1 : 0);
        writer.WriteVarUInt((ulong)claims.ChainingDepth);
        writer.WriteString(claims.SourceIdentity);
        writer.WriteString(claims.FederatedProvider);
        writer.WriteString(claims.FederatedSubject);
        EncodePolicies(block, claims.Policies);
        var policyBytes = PackedBlock.Write(writer, block.WrittenSpan);
        block.Clear();
        EncodeTags(block, claims.Tags, claims.TransitiveTagKeys);
        var tagBytes = PackedBlock.Write(writer, block.WrittenSpan);
        return new EncodedClaims(
            writer.ToArray(),
            claims.Policies.IsEmpty ? 0 : policyBytes,
            claims.Tags.Count == 0 && claims.TransitiveTagKeys.Count == 0 ? 0 : tagBytes);
    }

    /// <summary>Decodes claims whose signature was already verified; still bounds-checks everything and fails closed.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> bytes, out SessionClaims? claims)
    {
        claims = null;
        var reader = new TokenReader(bytes);
        if (!reader.TryReadRequiredString(out var keyText) || !AccessKeyId.TryParse(keyText, out var accessKeyId)
            || !reader.TryReadBytes(SessionTokenFormat.SessionIdSize, out var sessionId)
            || !TryReadTimes(ref reader, out var issuedAt, out var expiration)
            || !reader.TryReadByte(out var kind) || !SessionGrant.IsSessionKind((PrincipalKind)kind)
            || !reader.TryReadRequiredString(out var accountText) || !AccountId.TryParse(accountText, out var account)
            || !TryReadArn(ref reader, out var principalArn) || !TryReadArn(ref reader, out var issuerArn)
            || !reader.TryReadRequiredString(out var userId)
            || !reader.TryReadString(out var roleId) || !reader.TryReadString(out var sessionName)
            || !reader.TryReadByte(out var flags) || (flags & ~MfaPresentFlag) != 0
            || !TryReadOptionalTime(ref reader, out var mfaTime)
            || !reader.TryReadVarUInt(out var depth) || depth > int.MaxValue
            || !reader.TryReadString(out var sourceIdentity) || !reader.TryReadString(out var federatedProvider)
            || !reader.TryReadString(out var federatedSubject)
            || !TryReadPolicies(ref reader, out var policies)
            || !TryReadTags(ref reader, out var tags, out var transitiveTagKeys)
            || !reader.IsAtEnd)
        {
            return false;
        }

        claims = new SessionClaims(
            SessionTokenFormat.Version, accessKeyId, Convert.ToHexStringLower(sessionId), issuedAt, expiration,
            (PrincipalKind)kind, account, principalArn, issuerArn, userId, roleId, sessionName, policies,
            tags, transitiveTagKeys, sourceIdentity, (flags & MfaPresentFlag) != 0, mfaTime, (int)depth,
            federatedProvider, federatedSubject);
        return true;
    }

    /// <summary>A new random session id: 128 bits from the OS generator, as lowercase hex.</summary>
    public static string NewSessionId()
    {
        Span<byte> bytes = stackalloc byte[SessionTokenFormat.SessionIdSize];
        IdentifierRandom.Fill(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    private static TokenWriter Cleared(ref TokenWriter? cached)
    {
        cached ??= new TokenWriter();
        cached.Clear();
        return cached;
    }

    private static void EncodePolicies(TokenWriter writer, SessionPolicies policies)
    {
        writer.WriteVarUInt((ulong)policies.PolicyArns.Count);
        foreach (var arn in policies.PolicyArns)
        {
            writer.WriteString(arn);
        }

        writer.WriteString(policies.InlinePolicy);
    }

    private static void EncodeTags(TokenWriter writer, IReadOnlyList<Tag> tags, IReadOnlyList<string> transitiveTagKeys)
    {
        writer.WriteVarUInt((ulong)tags.Count);
        foreach (var tag in tags)
        {
            writer.WriteString(tag.Key);
            writer.WriteString(tag.Value);
        }

        writer.WriteVarUInt((ulong)transitiveTagKeys.Count);
        foreach (var key in transitiveTagKeys)
        {
            writer.WriteString(key);
        }
    }

    private static bool TryReadTimes(ref TokenReader reader, out DateTimeOffset issuedAt, out DateTimeOffset expiration)
    {
        issuedAt = expiration = default;
        if (!reader.TryReadVarUInt(out var issued) || !reader.TryReadVarUInt(out var lifetime)
            || lifetime == 0 || lifetime > (ulong)SessionTokenFormat.MaxSessionDuration.TotalSeconds
            || issued > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds() - lifetime)
        {
            return false;
        }

        issuedAt = DateTimeOffset.FromUnixTimeSeconds((long)issued);
        expiration = issuedAt.AddSeconds(lifetime);
        return true;
    }

    private static bool TryReadOptionalTime(ref TokenReader reader, out DateTimeOffset? time)
    {
        time = null;
        if (!reader.TryReadVarUInt(out var secondsPlusOne) || secondsPlusOne > (ulong)DateTimeOffset.MaxValue.ToUnixTimeSeconds() + 1)
        {
            return false;
        }

        time = secondsPlusOne == 0 ? null : DateTimeOffset.FromUnixTimeSeconds((long)secondsPlusOne - 1);
        return true;
    }

    private static bool TryReadArn(ref TokenReader reader, out Arn arn)
    {
        arn = null!;
        return reader.TryReadRequiredString(out var text) && Arn.TryParse(text, out arn!);
    }

    private static bool TryReadPolicies(ref TokenReader outer, out SessionPolicies policies)
    {
        policies = SessionPolicies.None;
        if (!PackedBlock.TryRead(ref outer, out var content))
        {
            return false;
        }

        var reader = new TokenReader(content);
        if (!reader.TryReadVarUInt(out var count) || count > (ulong)reader.Remaining)
        {
            return false;
        }

        var arns = new string[count];
        for (var i = 0; i < arns.Length; i++)
        {
            if (!reader.TryReadRequiredString(out arns[i]))
            {
                return false;
            }
        }

        if (!reader.TryReadString(out var inline) || !reader.IsAtEnd)
        {
            return false;
        }

        policies = new SessionPolicies(inline, arns);
        return true;
    }

    private static bool TryReadTags(ref TokenReader outer, out IReadOnlyList<Tag> tags, out IReadOnlyList<string> transitiveTagKeys)
    {
        tags = [];
        transitiveTagKeys = [];
        if (!PackedBlock.TryRead(ref outer, out var content))
        {
            return false;
        }

        var reader = new TokenReader(content);
        if (!reader.TryReadVarUInt(out var count) || count > (ulong)reader.Remaining)
        {
            return false;
        }

        var tagArray = new Tag[count];
        for (var i = 0; i < tagArray.Length; i++)
        {
            if (!reader.TryReadRequiredString(out var key) || !reader.TryReadRequiredString(out var value))
            {
                return false;
            }

            tagArray[i] = new Tag(key, value);
        }

        if (!reader.TryReadVarUInt(out var keyCount) || keyCount > (ulong)reader.Remaining)
        {
            return false;
        }

        var keys = new string[keyCount];
        for (var i = 0; i < keys.Length; i++)
        {
            if (!reader.TryReadRequiredString(out keys[i]))
            {
                return false;
            }
        }

        tags = tagArray;
        transitiveTagKeys = keys;
        return reader.IsAtEnd;
    }
}
