using TokenBroker.Core.Ports;
using TokenBroker.Core.Model;
using TokenBroker.Tests;

namespace TokenBroker.Cli.Tests;

public sealed class DirectoryApplyTests : IDisposable
{
    private const string Alice = """
        accounts:
          - id: "111111111111"
            users:
              - name: alice
                accessKeys: [{}]
                mfaDevices: [{ serial: "arn:aws:iam::111111111111:mfa/alice", seed: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ }]
                groups: [developers]
                policies: [{ name: p1, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:GetCallerIdentity", Resource: "*" }] } }]
            groups: [{ name: developers, managedPolicyArns: [arn:aws:iam::111111111111:policy/ReadOnly] }]
            managedPolicies: [{ name: ReadOnly, document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "s3:Get*", Resource: "*" }] } }]
            roles:
              - name: demo
                maxSessionDuration: 7200
                trustPolicy: { Version: "2012-10-17", Statement: [{ Effect: Allow, Principal: { AWS: "arn:aws:iam::111111111111:root" }, Action: "sts:AssumeRole" }] }
                permissionsBoundary: arn:aws:iam::111111111111:policy/ReadOnly
        """;

    private static readonly CancellationToken None = CancellationToken.None;
    private readonly CliFixture _cli = new();

    public DirectoryApplyTests() => _cli.Init();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task Apply_NewFile_WritesDirectoryAndPrintsGeneratedKeyOnce()
    {
        var result = _cli.Apply(Alice);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ user arn:aws:iam::111111111111:user/alice", result.Output, StringComparison.Ordinal);
        Assert.Contains("- user arn:aws:iam::111111111111:user/admin", result.Output, StringComparison.Ordinal);
        var (id, secret) = Assert.Single(result.PrintedKeys);
        var key = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), None));
        var role = await _cli.WithStoreAsync(s => s.Directory.FindRoleAsync(AccountId.Parse("111111111111"), "demo", None));
        Assert.Equal(secret, key!.SecretAccessKey);
        Assert.Equal("alice", key.UserName);
        Assert.Equal(7200, role!.MaxSessionDuration);
        Assert.StartsWith("AROA", role.RoleId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_SameFileTwice_ReportsNoChangesAndKeepsIdsAndKeys()
    {
        _cli.Apply(Alice);
        var before = await _cli.ExportTextAsync();

        var second = _cli.Apply(Alice);

        Assert.Equal(0, second.ExitCode);
        Assert.Equal("No changes." + Environment.NewLine, second.Output);
        Assert.Empty(second.PrintedKeys);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public async Task Apply_ShowOutput_ReportsNoChanges()
    {
        _cli.Apply(Alice);
        var before = await _cli.ExportTextAsync();
        var shown = _cli.Run("directory", "show").Output;

        var again = _cli.Apply(shown, "shown.yaml");

        Assert.Equal(0, again.ExitCode);
        Assert.Equal("No changes." + Environment.NewLine, again.Output);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public async Task Apply_SampleDirectory_AppliesAndIsIdempotent()
    {
        var sample = File.ReadAllText(Repository.File("infra", "samples", "directory.yaml"));

        var first = _cli.Apply(sample);
        var before = await _cli.ExportTextAsync();
        var second = _cli.Apply(sample);

        Assert.Equal(0, first.ExitCode);
        // The init admin's key is kept for admin's id-less entry; only alice's key is new.
        Assert.Single(first.PrintedKeys);
        Assert.Equal("No changes." + Environment.NewLine, second.Output);
        Assert.Equal(before, await _cli.ExportTextAsync());
        var deploy = await _cli.WithStoreAsync(s => s.Directory.FindRoleAsync(AccountId.Parse("222222222222"), "deploy", None));
        Assert.Contains("\"sts:ExternalId\":\"deploy-7f3c9e\"", deploy!.TrustPolicy, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_DocumentationExample_Applies()
    {
        var markdown = File.ReadAllText(Repository.File("docs", "directory.md"));
        var example = markdown.Split("```yaml\n")[^1].Split("```")[0];

        var result = _cli.Apply(example);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ role arn:aws:iam::222222222222:role/deploy", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_KeyGivenWithIdAndSecret_StoresThemAndNeverPrintsSecret()
    {
        var yaml = Alice.Replace("accessKeys: [{}]", "accessKeys: [{ id: AKIAEXPLICIT00000001, secret: explicit-secret-0123456789abcdef, status: Inactive }]", StringComparison.Ordinal);

        var result = _cli.Apply(yaml);
        var show = _cli.Run("directory", "show");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.PrintedKeys);
        var key = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse("AKIAEXPLICIT00000001"), None));
        Assert.Equal("explicit-secret-0123456789abcdef", key!.SecretAccessKey);
        Assert.Equal(AccessKeyStatus.Inactive, key.Status);
        Assert.DoesNotContain("explicit-secret", show.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("GEZDGNBV", show.Output, StringComparison.Ordinal);
        Assert.Contains("status: Inactive", show.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_StatusChanged_UpdatesKeyAndKeepsSecret()
    {
        var (id, secret) = Assert.Single(_cli.Apply(Alice).PrintedKeys);

        var result = _cli.Apply(Alice.Replace("accessKeys: [{}]", "accessKeys: [{ status: Inactive }]", StringComparison.Ordinal));

        Assert.Equal($"~ access key {id} of user alice in 111111111111", result.Output.Split(Environment.NewLine)[0]);
        var key = await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), None));
        Assert.Equal(AccessKeyStatus.Inactive, key!.Status);
        Assert.Equal(secret, key.SecretAccessKey);
    }

    [Fact]
    public async Task Apply_SecondKeyAdded_KeepsFirstAndPrintsOnlySecond()
    {
        var (first, _) = Assert.Single(_cli.Apply(Alice).PrintedKeys);

        var result = _cli.Apply(Alice.Replace("accessKeys: [{}]", "accessKeys: [{}, {}]", StringComparison.Ordinal));

        var (second, _) = Assert.Single(result.PrintedKeys);
        Assert.NotEqual(first, second);
        var exported = await _cli.WithStoreAsync(s => s.Directory.ExportAsync(None));
        Assert.Equal([first, second], exported.Accounts[0].AccessKeys.Select(k => k.AccessKeyId.Value));
    }

    [Fact]
    public async Task Apply_UserRemoved_DeletesUserKeysAndDevices()
    {
        var (id, _) = Assert.Single(_cli.Apply(Alice).PrintedKeys);
        var withoutAlice = """
            accounts:
              - id: "111111111111"
                users: [{ name: bob }]
            """;

        var result = _cli.Apply(withoutAlice);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains($"- access key {id} of user alice in 111111111111", result.Output, StringComparison.Ordinal);
        Assert.Null(await _cli.WithStoreAsync(s => s.Directory.FindAccessKeyAsync(AccessKeyId.Parse(id), None)));
        Assert.Null(await _cli.WithStoreAsync(s => s.Directory.FindMfaDeviceAsync("arn:aws:iam::111111111111:mfa/alice", None)));
        Assert.Null(await _cli.WithStoreAsync(s => s.Directory.FindRoleAsync(AccountId.Parse("111111111111"), "demo", None)));
    }

    [Fact]
    public async Task Apply_PolicyDocument_StoredAsCompactJsonInFileOrder()
    {
        _cli.Apply(Alice);

        var user = await _cli.WithStoreAsync(s => s.Directory.FindUserAsync(AccountId.Parse("111111111111"), "alice", None));

        Assert.Equal("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetCallerIdentity","Resource":"*"}]}""", user!.Policies[0].Document);
    }

    [Fact]
    public async Task Apply_DocumentAsJsonString_SameAsYamlMapping()
    {
        _cli.Apply(Alice);
        var yaml = Alice.Replace(
            """document: { Version: "2012-10-17", Statement: [{ Effect: Allow, Action: "sts:GetCallerIdentity", Resource: "*" }] }""",
            """document: '{ "Version": "2012-10-17", "Statement": [ { "Effect": "Allow", "Action": "sts:GetCallerIdentity", "Resource": "*" } ] }'""",
            StringComparison.Ordinal);

        var result = _cli.Apply(yaml);

        Assert.Equal("No changes." + Environment.NewLine, result.Output);
        Assert.Contains("Version", (await _cli.WithStoreAsync(s => s.Directory.FindUserAsync(AccountId.Parse("111111111111"), "alice", None)))!.Policies[0].Document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ExistingMfaDeviceWithoutSeed_KeepsSeed()
    {
        _cli.Apply(Alice);
        var seed = (await _cli.WithStoreAsync(s => s.Directory.FindMfaDeviceAsync("arn:aws:iam::111111111111:mfa/alice", None)))!.Seed;

        var result = _cli.Apply(Alice.Replace(", seed: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "", StringComparison.Ordinal));

        Assert.Equal("No changes." + Environment.NewLine, result.Output);
        Assert.Equal("12345678901234567890"u8.ToArray(), seed);
    }

    [Fact]
    public async Task Apply_NewMfaDeviceWithoutSeed_RejectedAndNothingWritten()
    {
        var before = await _cli.ExportTextAsync();

        var result = _cli.Apply(Alice.Replace(", seed: GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", "", StringComparison.Ordinal));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("directory.yaml:6: MFA device 'arn:aws:iam::111111111111:mfa/alice' is new, so it needs a 'seed'.", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public async Task Apply_DryRun_ListsChangesAndWritesNothing()
    {
        var before = await _cli.ExportTextAsync();

        var result = _cli.Apply(Alice, "directory.yaml", "--dry-run");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("+ role arn:aws:iam::111111111111:role/demo", result.Output, StringComparison.Ordinal);
        Assert.Empty(result.PrintedKeys);
        Assert.Equal(before, await _cli.ExportTextAsync());
    }

    [Fact]
    public void Apply_MissingFile_Fails()
    {
        var result = _cli.Run("directory", "apply", "/nonexistent/directory.yaml");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("no such file", result.Error, StringComparison.Ordinal);
    }
}
