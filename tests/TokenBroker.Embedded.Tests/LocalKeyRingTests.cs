using System.Security.Cryptography;
using System.Text;

namespace TokenBroker.Embedded.Tests;

public sealed class LocalKeyRingTests : IDisposable
{
    private static readonly CancellationToken None = CancellationToken.None;
    private readonly TestFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Open_AfterCreate_SameKeys()
    {
        byte[] wrapped;
        byte[] plaintext;
        string rootKeyId;
        using (var created = LocalKeyRing.Create(_folder.Path))
        {
            var dataKey = await created.GenerateDataKeyAsync(None);
            (wrapped, plaintext, rootKeyId) = (dataKey.Wrapped, dataKey.Plaintext, created.RootKeyId);
        }

        using var opened = LocalKeyRing.Open(_folder.Path);

        Assert.Equal(rootKeyId, opened.RootKeyId);
        Assert.StartsWith("local:", opened.RootKeyId, StringComparison.Ordinal);
        Assert.Equal(plaintext, await opened.DecryptDataKeyAsync(wrapped, None));
    }

    [Fact]
    public void Create_ExistingKeyFile_RefusesToOverwrite()
    {
        LocalKeyRing.Create(_folder.Path).Dispose();
        var before = File.ReadAllBytes(Path.Combine(_folder.Path, LocalKeyRing.FileName));

        Assert.Throws<IOException>(() => LocalKeyRing.Create(_folder.Path));

        Assert.Equal(before, File.ReadAllBytes(Path.Combine(_folder.Path, LocalKeyRing.FileName)));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Create_KeyFile_IsOwnerReadWriteOnly()
    {
        LocalKeyRing.Create(_folder.Path).Dispose();

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder.Path, LocalKeyRing.FileName)));
    }

    [Fact]
    public void Open_MissingKeyFile_Throws()
    {
        Directory.CreateDirectory(_folder.Path);

        Assert.Throws<FileNotFoundException>(() => LocalKeyRing.Open(_folder.Path));
    }

    [Fact]
    public async Task DecryptDataKeyAsync_WrappedByAnotherRoot_Fails()
    {
        using var other = new TestFolder();
        using var ours = LocalKeyRing.Create(_folder.Path);
        using var theirs = LocalKeyRing.Create(other.Path);
        var foreign = await theirs.GenerateDataKeyAsync(None);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => ours.DecryptDataKeyAsync(foreign.Wrapped, None));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(40)]
    public async Task DecryptDataKeyAsync_TamperedByte_Fails(int index)
    {
        using var ring = LocalKeyRing.Create(_folder.Path);
        var dataKey = await ring.GenerateDataKeyAsync(None);
        dataKey.Wrapped[index] ^= 0x01;

        await Assert.ThrowsAnyAsync<CryptographicException>(() => ring.DecryptDataKeyAsync(dataKey.Wrapped, None));
    }

    [Fact]
    public async Task DecryptDataKeyAsync_Truncated_Fails()
    {
        using var ring = LocalKeyRing.Create(_folder.Path);
        var dataKey = await ring.GenerateDataKeyAsync(None);

        await Assert.ThrowsAnyAsync<CryptographicException>(() => ring.DecryptDataKeyAsync(dataKey.Wrapped[..^1], None));
    }

    [Fact]
    public async Task SignAsync_Signature_VerifiesWithRootPublicKey()
    {
        using var ring = LocalKeyRing.Create(_folder.Path);
        var message = Encoding.UTF8.GetBytes("certify signing key 1");

        var signature = await ring.SignAsync(message, None);

        using var verifier = ECDsa.Create();
        verifier.ImportSubjectPublicKeyInfo(await ring.GetRootPublicKeyAsync(None), out _);
        Assert.True(verifier.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(verifier.VerifyData(Encoding.UTF8.GetBytes("certify signing key 2"), signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public async Task GenerateDataKeyAsync_TwoKeys_Differ()
    {
        using var ring = LocalKeyRing.Create(_folder.Path);

        var first = await ring.GenerateDataKeyAsync(None);
        var second = await ring.GenerateDataKeyAsync(None);

        Assert.NotEqual(first.Plaintext, second.Plaintext);
        Assert.Equal(32, first.Plaintext.Length);
    }
}
