using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TokenBroker.Host.Logging;

namespace TokenBroker.Host.Tests.Logging;

/// <summary>What a provider receives through the broker's logger factory: structured values, scopes and exceptions masked.</summary>
public sealed partial class RedactingLoggerTests
{
    private const string Signature = "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7";

    [Fact]
    public void Log_StructuredValues_ProviderSeesMaskedValuesAndMessage()
    {
        var (factory, provider) = Build();
        var logger = factory.CreateLogger("Test");

        LogQuery(logger, "?X-Amz-Signature=" + Signature + "&a=b", "AWS4-HMAC-SHA256 x", 3);

        var entry = Assert.Single(provider.Entries);
        Assert.Equal("Query ?X-Amz-Signature=***&a=b with *** from 3 clients", entry.Message);
        Assert.Equal("?X-Amz-Signature=***&a=b", entry.Values["QueryString"]);
        Assert.Equal("***", entry.Values["Authorization"]);
        Assert.Equal(3, entry.Values["Count"]);
        Assert.Equal("Query {QueryString} with {Authorization} from {Count} clients", entry.Values["{OriginalFormat}"]);
    }

    [Fact]
    public void Log_ExceptionQuotingInput_ProviderSeesMaskedExceptionText()
    {
        var (factory, provider) = Build();
        var logger = factory.CreateLogger("Test");
        var failure = new FormatException("Bad input 'TokenCode=123456&WebIdentityToken=opaque'",
            new InvalidOperationException("inner SessionToken=FwoGZXIvYXdz"));

        LogFailed(logger, failure);

        var exception = Assert.Single(provider.Entries).Exception!;
        var printed = exception.ToString();
        Assert.Contains("FormatException", printed, StringComparison.Ordinal);
        Assert.Contains("TokenCode=***&WebIdentityToken=***", printed, StringComparison.Ordinal);
        Assert.Contains("SessionToken=***", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("123456", printed, StringComparison.Ordinal);
        Assert.DoesNotContain("opaque", exception.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FwoGZXIvYXdz", printed, StringComparison.Ordinal);
    }

    [Fact]
    public void BeginScope_StructuredScope_ProviderSeesMaskedScope()
    {
        var (factory, provider) = Build();
        var logger = factory.CreateLogger("Test");

        using (logger.BeginScope(new Dictionary<string, object?> { ["RequestPath"] = "/?X-Amz-Signature=" + Signature, ["Cookie"] = "a=b" }))
        {
            LogText(logger, LogLevel.Information, "inside");
        }

        var scope = Assert.Single(Assert.Single(provider.Entries).Scopes);
        Assert.DoesNotContain(Signature, scope.Text, StringComparison.Ordinal);
        Assert.Equal("/?X-Amz-Signature=***", scope.Values["RequestPath"]);
        Assert.Equal("***", scope.Values["Cookie"]);
    }

    [Fact]
    public void CreateLogger_ProviderFilterRules_StillApply()
    {
        var (factory, provider) = Build(logging => logging.AddFilter<CapturingLoggerProvider>("Quiet", LogLevel.Warning));

        var quiet = factory.CreateLogger("Quiet");
        LogText(quiet, LogLevel.Information, "dropped");
        LogText(quiet, LogLevel.Warning, "kept");

        Assert.Equal("kept", Assert.Single(provider.Entries).Message);
    }

    [Fact]
    public async Task AddLogRedaction_WebApplicationTypedLogger_ProviderSeesMaskedText()
    {
        var provider = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddProvider(provider);
        builder.Services.AddLogRedaction();
        await using var app = builder.Build();

        LogText(app.Services.GetRequiredService<ILogger<RedactingLoggerTests>>(), LogLevel.Warning, "GET /?X-Amz-Signature=" + Signature);

        Assert.IsType<RedactingLoggerFactory>(app.Services.GetRequiredService<ILoggerFactory>());
        Assert.Contains(provider.Entries, e => e.Message == "GET /?X-Amz-Signature=***");
        Assert.DoesNotContain(provider.Entries, e => e.Message.Contains(Signature, StringComparison.Ordinal));
    }

    private static (ILoggerFactory Factory, CapturingLoggerProvider Provider) Build(Action<ILoggingBuilder>? configure = null)
    {
        var provider = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            logging.AddProvider(provider);
            configure?.Invoke(logging);
        });
        services.AddLogRedaction();
        return (services.BuildServiceProvider().GetRequiredService<ILoggerFactory>(), provider);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Query {QueryString} with {Authorization} from {Count} clients")]
    private static partial void LogQuery(ILogger logger, string queryString, string authorization, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Request failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);

    [LoggerMessage(Message = "{Text}")]
    private static partial void LogText(ILogger logger, LogLevel level, string text);
}
