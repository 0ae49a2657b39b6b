using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Errors;

namespace TokenBroker.Core.Iam;

/// <summary>
/// Cuts IAM lists into pages. A Marker is opaque: the position of the next item, authenticated with a key derived from
/// the broker's data key (so every instance accepts it) and bound to the action, the caller and the request's
/// filters. A client can neither forge one nor carry one to another caller, action or filter; every page is authorized
/// like the first, and a Marker only ever positions inside the list that request is allowed to read.
/// </summary>
public sealed class IamPaging(SecretAccessKeyDeriver keys)
{
    private const string Purpose = "iam/marker/v1";
    private const int MacBytes = 16;
    private byte[]? _key;

    /// <summary>
    /// The page of <paramref name="items"/> that <paramref name="page"/> asks for; <paramref name="scope"/> names
    /// everything that selected the list (the entity name, PathPrefix, filters), so a Marker fits only that list.
    /// InvalidInput for a Marker this broker did not issue for this request.
    /// </summary>
    public async Task<StsResult<IamPage<T>>> PageAsync<T>(
        IamCall call, string action, string scope, IReadOnlyList<T> items, PageRequest page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(page);
        var key = _key ??= await keys.DeriveSubkeyAsync(Purpose, cancellationToken);
        var binding = string.Join('\n', action, call.Caller.Arn.ToString(), scope);
        var start = 0;
        if (page.Marker is not null && !TryRead(key, binding, page.Marker, out start))
        {
            return IamErrors.InvalidInput("Invalid Marker.");
        }

        start = Math.Min(start, items.Count);
        var count = Math.Min(page.MaxItems, items.Count - start);
        var next = start + count;
        var slice = items.Skip(start).Take(count).ToList();
        return next < items.Count
            ? new IamPage<T>(slice, true, Write(key, binding, next))
            : new IamPage<T>(slice, false, null);
    }

    private static string Write(byte[] key, string binding, int position)
    {
        Span<byte> marker = stackalloc byte[4 + MacBytes];
        BinaryPrimitives.WriteInt32BigEndian(marker, position);
        Mac(key, binding, position, marker[4..]);
        return Convert.ToBase64String(marker).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static bool TryRead(byte[] key, string binding, string marker, out int position)
    {
        position = 0;
        Span<byte> bytes = stackalloc byte[4 + MacBytes];
        var base64 = marker.Replace('-', '+').Replace('_', '/') + "=";
        if (marker.Length != 27 || !Convert.TryFromBase64String(base64, bytes, out var written) || written != bytes.Length)
        {
            return false;
        }

        position = BinaryPrimitives.ReadInt32BigEndian(bytes);
        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(key, binding, position, expected);
        return position >= 0 && CryptographicOperations.FixedTimeEquals(expected, bytes[4..]);
    }

    private static void Mac(byte[] key, string binding, int position, Span<byte> destination)
    {
        var message = Encoding.UTF8.GetBytes(binding + "\n" + position.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message, mac);
        mac[..MacBytes].CopyTo(destination);
    }
}
