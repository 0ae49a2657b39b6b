using System.Buffers.Binary;
using System.Security.Cryptography;

namespace TokenBroker.Core.Authentication.Mfa;

/// <summary>Time-based one-time passwords as virtual MFA devices make them: RFC 6238 with HMAC-SHA1, 30-second steps, 6 digits.</summary>
public static class Totp
{
    /// <summary>Seconds per time step (RFC 6238 §4.1 default X = 30).</summary>
    public const int StepSeconds = 30;

    /// <summary>The time step that contains <paramref name="time"/>.</summary>
    public static long StepAt(DateTimeOffset time) => time.ToUnixTimeSeconds() / StepSeconds;

    /// <summary>The 6-digit code of a step (RFC 4226 §5.3 dynamic truncation).</summary>
    public static int Code(ReadOnlySpan<byte> seed, long step)
    {
        Span<byte> counter = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
#pragma warning disable CA5350 // RFC 6238 TOTP as every authenticator app computes it is HMAC-SHA1; SHA-1's collision weakness does not apply to HMAC.
        HMACSHA1.HashData(seed, counter, hash);
#pragma warning restore CA5350
        var offset = hash[^1] & 0x0F;
        var binary = BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7FFF_FFFF;
        return binary % 1_000_000;
    }

    /// <summary>
    /// The step whose code equals <paramref name="code"/> within one step of drift either way (RFC 6238 §5.2), or null.
    /// Every candidate is computed and compared so timing does not reveal which step matched.
    /// </summary>
    public static long? MatchingStep(ReadOnlySpan<byte> seed, int code, DateTimeOffset now)
    {
        var current = StepAt(now);
        long? match = null;
        for (var step = current + 1; step >= current - 1; step--)
        {
            if (Code(seed, step) == code && match is null)
            {
                match = step;
            }
        }

        return match;
    }
}
