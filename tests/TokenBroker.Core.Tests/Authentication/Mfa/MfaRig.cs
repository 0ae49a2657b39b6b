using Microsoft.Extensions.Time.Testing;
using TokenBroker.Core.Audit;
using TokenBroker.Core.Authentication;
using TokenBroker.Core.Authentication.Mfa;
using TokenBroker.Core.Authorization;
using TokenBroker.Core.Errors;
using TokenBroker.Core.Model;
using TokenBroker.Embedded;

namespace TokenBroker.Core.Tests.Authentication.Mfa;

/// <summary>
/// <see cref="MfaVerifier"/> over a real data folder (SQLite directory, attempt store and audit log) with alice's
/// virtual MFA device, a FakeTimeProvider, and as many broker instances (stores opened on the folder) as a test asks for.
/// </summary>
public sealed class MfaRig : IDisposable
{
    public const string Serial = "arn:aws:iam::111111111111:mfa/alice";

    private static readonly AccountId Account = AccountId.Parse("111111111111");
    private static readonly byte[] Seed = "12345678901234567890"u8.ToArray();

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "tokenbroker-mfa-" + Guid.NewGuid().ToString("N"));
    private readonly List<EmbeddedStore> _stores = [];

    public MfaRig(MfaLockoutPolicy? policy = null) => Policy = policy ?? MfaLockoutPolicy.Default;

    public static IamUser Alice { get; } = new(Account, "alice", "AIDAALICE000000000001", "/", [], [], [], null, []);

    public static Caller Caller { get; } = SignedCallers.LongTerm(Alice, "AKIAALICE00000000001", "alice-secret-0000000000000000000000000000");

    public MfaLockoutPolicy Policy { get; }

    /// <summary>Starts at the beginning of a TOTP step, so a test controls which step "now" is in.</summary>
    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 5, 1, 12, 0, 0, TimeSpan.Zero));

    public EmbeddedStore Store => _stores[0];

    public async Task<MfaVerifier> CreateAsync()
    {
        var store = await EmbeddedStore.CreateAsync(_folder, CancellationToken.None);
        _stores.Add(store);
        await store.Directory.ReplaceAsync(Directory(), CancellationToken.None);
        return Verifier(store);
    }

    /// <summary>Another broker instance over the same data folder.</summary>
    public async Task<MfaVerifier> OpenAnotherAsync()
    {
        var store = await EmbeddedStore.OpenAsync(_folder, CancellationToken.None);
        _stores.Add(store);
        return Verifier(store);
    }

    /// <summary>The directory version every verification reads (the devices never change during a test).</summary>
    public static DirectoryView View { get; } = new("mfa-rig", Directory());

    public static DirectorySnapshot Directory() =>
        new([new AccountSnapshot(Account, [Alice], [], [new MfaDevice(Serial, Account, "alice", Seed)], [], [], [], [], [])]);

    /// <summary>The device's code for the current time step.</summary>
    public string CorrectCode() => Format(Totp.Code(Seed, Totp.StepAt(Time.GetUtcNow())));

    /// <summary>A code that matches none of the steps the verifier accepts now (current, previous, next).</summary>
    public string WrongCode(int offset = 1)
    {
        var step = Totp.StepAt(Time.GetUtcNow());
        var accepted = new[] { Totp.Code(Seed, step - 1), Totp.Code(Seed, step), Totp.Code(Seed, step + 1) };
        var code = (accepted[1] + offset) % 1_000_000;
        while (accepted.Contains(code))
        {
            code = (code + 1) % 1_000_000;
        }

        return Format(code);
    }

    /// <summary>Moves to the start of the next time step, so a correct code is not a reuse of the last one.</summary>
    public void NextStep() => Time.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));

    public static Task<StsResult<DateTimeOffset?>> VerifyAsync(MfaVerifier verifier, string code, string requestId = "req") =>
        verifier.VerifyAsync(View, Caller, Alice, new CallContext(requestId, "192.0.2.1", "test-agent", true, "us-east-1"), Serial, code, CancellationToken.None);

    public async Task<IReadOnlyList<AuditRecord>> AuditAsync(string action) =>
        await Store.AuditLog.QueryAsync(new AuditQuery(null, action, 1000), CancellationToken.None);

    public void Dispose()
    {
        foreach (var store in _stores)
        {
            store.Dispose();
        }

        if (System.IO.Directory.Exists(_folder))
        {
            System.IO.Directory.Delete(_folder, recursive: true);
        }
    }

    private static string Format(int code) => code.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    private MfaVerifier Verifier(EmbeddedStore store) =>
        new(store.Directory, store.MfaAttempts, Policy, new CredentialAudit(store.AuditLog, Time), Time);
}
