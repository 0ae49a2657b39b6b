using TokenBroker.Core.Iam;
using TokenBroker.Core.Model;

namespace TokenBroker.Cli.Tests;

/// <summary>
/// The ownership rule: keys and MFA devices the IAM API created belong to the API, and `directory apply` keeps them
/// unless the file names them. The API's writes are made here with the same Core changes the IAM operations use.
/// </summary>
public sealed class DirectoryApplyOwnershipTests : IDisposable
{
    private const string File = """
        accounts:
          - id: "111111111111"
            users:
              - name: alice
                accessKeys:
                  - id: AKIAOWNFILEKEY000001
                    secret: file-secret-000000000000000000000000000000
        """;

    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private static readonly CancellationToken None = CancellationToken.None;

    private readonly CliFixture _cli = new();

    public DirectoryApplyOwnershipTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_ApiKeyNotInTheFile_KeptWithItsSecret()
    {
        Assert.Equal(0, _cli.Apply(File).ExitCode);
        var apiKey = await CreateApiKeyAsync("alice");

        var again = _cli.Apply(File);

        Assert.Equal(0, again.ExitCode);
        Assert.Equal("No changes." + Environment.NewLine, again.Output);
        var kept = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(apiKey.AccessKeyId, None));
        Assert.Equal((apiKey.SecretAccessKey, CredentialOrigin.Api), (kept!.SecretAccessKey, kept.Origin));
    }

    [Fact]
    public async Task Apply_FileNamesTheApiKeyById_FileTakesItOver()
    {
        Assert.Equal(0, _cli.Apply(File).ExitCode);
        var apiKey = await CreateApiKeyAsync("alice");

        var applied = _cli.Apply(File + $"\n          - id: {apiKey.AccessKeyId.Value}\n            status: Inactive\n");

        Assert.Equal(0, applied.ExitCode);
        var taken = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(apiKey.AccessKeyId, None));
        Assert.Equal((AccessKeyStatus.Inactive, CredentialOrigin.File), (taken!.Status, taken.Origin));
        Assert.Equal(apiKey.SecretAccessKey, taken.SecretAccessKey);
    }

    [Fact]
    public async Task Apply_FileKeysPlusApiKeyExceedTwo_RefusedNamingTheApiKey()
    {
        Assert.Equal(0, _cli.Apply(File).ExitCode);
        var apiKey = await CreateApiKeyAsync("alice");

        var refused = _cli.Apply(File + "\n          - {}\n");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains(apiKey.AccessKeyId.Value, refused.Error + refused.Output, StringComparison.Ordinal);
        Assert.NotNull(await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(apiKey.AccessKeyId, None)));
    }

    [Fact]
    public async Task Apply_ApiDevicesNotInTheFile_KeptAssignedAndUnassigned()
    {
        Assert.Equal(0, _cli.Apply(File).ExitCode);
        await WriteAsync(view => MfaDeviceChanges.CreateVirtual(view, Account, "arn:aws:iam::111111111111:mfa/phone", [1, 2, 3]));
        await WriteAsync(view => MfaDeviceChanges.Enable(view, view.FindUser(Account, "alice")!, "arn:aws:iam::111111111111:mfa/phone", CliFixture.Now));
        await WriteAsync(view => MfaDeviceChanges.CreateVirtual(view, Account, "arn:aws:iam::111111111111:mfa/spare", [4, 5, 6]));

        Assert.Equal(0, _cli.Apply(File).ExitCode);

        var view = await _cli.WithStoreAsync(s => s.Directory.LoadAsync(None));
        Assert.Equal("alice", view.FindMfaDevice("arn:aws:iam::111111111111:mfa/phone")!.UserName);
        Assert.Null(view.FindMfaDevice("arn:aws:iam::111111111111:mfa/spare")!.UserName);
    }

    [Fact]
    public async Task Show_ApiKeyAndDevice_MarkedAsTheApis()
    {
        Assert.Equal(0, _cli.Apply(File).ExitCode);
        var apiKey = await CreateApiKeyAsync("alice");

        var shown = _cli.Run("directory", "show").Output;

        var line = shown.Split('\n').Single(l => l.Contains(apiKey.AccessKeyId.Value, StringComparison.Ordinal));
        Assert.Contains("# origin: iam-api", line, StringComparison.Ordinal);
        Assert.DoesNotContain("iam-api", shown.Split('\n').Single(l => l.Contains("AKIAOWNFILEKEY000001", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    private Task<AccessKey> CreateApiKeyAsync(string userName) =>
        WriteAsync(view => AccessKeyChanges.Create(view, view.FindUser(Account, userName)!, CliFixture.Now));

    private Task<T> WriteAsync<T>(Func<DirectoryView, Core.Errors.StsResult<DirectoryChange<T>>> change) =>
        _cli.WithStoreAsync(async stores =>
        {
            var written = await new IamDirectoryWriter(stores.Directory).WriteAsync(await stores.Directory.LoadAsync(None), change, None);
            Assert.True(written.IsSuccess, written.Error?.Message);
            return written.Value;
        });
}
