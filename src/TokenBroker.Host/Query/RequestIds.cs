using TokenBroker.Core.Model;

namespace TokenBroker.Host.Query;

/// <summary>Request ids in AWS's form: a random (version 4) UUID.</summary>
internal static class RequestIds
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        IdentifierRandom.Fill(bytes);
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString("D");
    }
}
