using System.Security.Cryptography;
using Amazon.DynamoDBv2;
using Amazon.KeyManagementService;
using Amazon.Runtime;
using TokenBroker.Core.Ports;

namespace TokenBroker.Composition;

/// <summary>
/// One-line descriptions of why the stores could not be opened or used (table or key missing, access denied,
/// service unreachable, data folder not initialized), for tools that report to a person instead of failing a request.
/// </summary>
public static class StoreFailures
{
    /// <summary>The description, or null when the exception is not a store failure (a bug, which should surface as one).</summary>
    public static string? Describe(Exception exception, StoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return exception switch
        {
            Amazon.DynamoDBv2.Model.ResourceNotFoundException =>
                $"DynamoDB table '{settings.Table}' does not exist at {settings.Aws.DynamoDbEndpoint}: check TOKENBROKER_TABLE and AWS_REGION (the SAM stack creates the table).",
            Amazon.KeyManagementService.Model.NotFoundException =>
                $"KMS key not found at {settings.Aws.KmsEndpoint}: check TOKENBROKER_KMS_SIGNING_KEY and TOKENBROKER_KMS_DATA_KEY ({FirstLine(exception.Message)})",
            AmazonDynamoDBException service => Refused("DynamoDB", service),
            AmazonKeyManagementServiceException service => Refused("KMS", service),
            // A deadline that passed says all there is; the cancellation under it adds nothing.
            StoreUnavailableException unavailable when Innermost(unavailable) is OperationCanceledException => unavailable.Message,
            StoreUnavailableException unavailable => $"{unavailable.Message.TrimEnd('.')}: {FirstLine(Innermost(unavailable).Message)}",
            AmazonClientException client => FirstLine(client.Message),
            // Locked, unreadable, read-only or corrupt database file: SQLite's message names the condition.
            Microsoft.Data.Sqlite.SqliteException sqlite => $"SQLite database error: {FirstLine(sqlite.Message)}",
            CryptographicException or InvalidOperationException or IOException or UnauthorizedAccessException => FirstLine(exception.Message),
            _ => null,
        };
    }

    /// <summary>
    /// Whether a request failed because a store could not be used (unreachable, hanging, throttling, or a SQLite
    /// database locked, unreadable, full or damaged) rather than because of a bug: it answers ServiceUnavailable.
    /// </summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        StoreUnavailableException => true,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode is
            SqliteBusy or SqliteLocked or SqlitePerm or SqliteReadOnly or SqliteIoErr or SqliteCorrupt or SqliteFull or SqliteCantOpen or SqliteNotADb,
        _ => false,
    };

    // SQLite result codes (https://www.sqlite.org/rescode.html).
    private const int SqlitePerm = 3;
    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;
    private const int SqliteReadOnly = 8;
    private const int SqliteIoErr = 10;
    private const int SqliteCorrupt = 11;
    private const int SqliteFull = 13;
    private const int SqliteCantOpen = 14;
    private const int SqliteNotADb = 26;

    // AccessDeniedException, UnrecognizedClientException, ValidationException, DisabledException, ...: AWS's own
    // error code and message say what is wrong and are meant for the caller.
    private static string Refused(string service, AmazonServiceException exception) =>
        $"{service} refused the request ({exception.ErrorCode}): {FirstLine(exception.Message)}";

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return exception;
    }

    private static string FirstLine(string message) =>
        message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is [var first, ..] ? first : message;
}
