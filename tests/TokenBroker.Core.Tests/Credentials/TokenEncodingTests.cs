using System.IO.Compression;
using TokenBroker.Core.Credentials;
using TokenBroker.Core.Model;

namespace TokenBroker.Core.Tests.Credentials;

public sealed class TokenEncodingTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(255)]
    [InlineData(3000)]
    public void PackedBlock_WriteThenRead_ReturnsTheContent(int length)
    {
        var content = Enumerable.Range(0, length).Select(i => (byte)(i % 7)).ToArray();
        var writer = new TokenWriter();

        var written = PackedBlock.Write(writer, content);
        var reader = new TokenReader(writer.WrittenSpan);

        Assert.Equal(writer.Length, written);
        Assert.True(PackedBlock.TryRead(ref reader, out var read));
        Assert.Equal(content, read);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void PackedBlock_LargeRepetitiveContent_IsStoredDeflated()
    {
        var content = new byte[3000];
        var writer = new TokenWriter();

        var written = PackedBlock.Write(writer, content);

        Assert.True(written < 100);
    }

    [Fact]
    public void PackedBlock_DeflateBomb_RejectedBeyondTheBound()
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(new byte[1024 * 1024]);
        }

        var writer = new TokenWriter();
        writer.WriteByte(1);
        writer.WriteLengthPrefixed(output.ToArray());
        var reader = new TokenReader(writer.WrittenSpan);

        Assert.False(PackedBlock.TryRead(ref reader, out _));
    }

    [Theory]
    [InlineData(new byte[] { 2, 0 })]
    [InlineData(new byte[] { 1, 3, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0, 5, 1 })]
    public void PackedBlock_UnknownFlagOrCorruptOrShort_Rejected(byte[] bytes)
    {
        var reader = new TokenReader(bytes);

        Assert.False(PackedBlock.TryRead(ref reader, out _));
    }

    [Fact]
    public void TokenReader_OverlongVarInt_Rejected()
    {
        var reader = new TokenReader([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]);

        Assert.False(reader.TryReadVarUInt(out _));
    }

    [Fact]
    public void TokenReader_InvalidUtf8String_Rejected()
    {
        var reader = new TokenReader([3, 0xC3, 0x28]);

        Assert.False(reader.TryReadString(out _));
    }

    [Fact]
    public void TokenReader_StringLongerThanInput_Rejected()
    {
        var reader = new TokenReader([50, (byte)'a']);

        Assert.False(reader.TryReadString(out _));
    }

    [Fact]
    public void TokenWriter_StringsAndIntegers_ReadBackExactly()
    {
        var writer = new TokenWriter();
        writer.WriteString(null);
        writer.WriteString("");
        writer.WriteString("é/ü");
        writer.WriteVarUInt(ulong.MaxValue >> 1);
        var reader = new TokenReader(writer.WrittenSpan);

        Assert.True(reader.TryReadString(out var none) && none is null);
        Assert.True(reader.TryReadString(out var empty) && empty == "");
        Assert.True(reader.TryReadString(out var text) && text == "é/ü");
        Assert.True(reader.TryReadVarUInt(out var number) && number == ulong.MaxValue >> 1);
        Assert.True(reader.IsAtEnd);
    }

    [Fact]
    public void TryDecode_ClaimsWithTrailingBytes_Rejected()
    {
        var claims = CraftedTokens.Claims(Core.Model.Identifiers.NewTemporaryAccessKeyId(AccountId.Parse("111122223333")), CredentialHarness.Start, CredentialHarness.Start.AddHours(1));
        byte[] bytes = [.. SessionClaimsCodec.Encode(claims).Bytes, 0];

        Assert.False(SessionClaimsCodec.TryDecode(bytes, out _));
    }
}
