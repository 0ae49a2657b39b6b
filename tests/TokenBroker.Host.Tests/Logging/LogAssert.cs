using System.Text.RegularExpressions;

namespace TokenBroker.Host.Tests.Logging;

/// <summary>Looks for bearer values in captured log output, in every spelling a log line could give them.</summary>
public static partial class LogAssert
{
    /// <summary>
    /// No secret appears: not verbatim, not percent-encoded, and no 16-character stretch of its letters and digits (which
    /// catches it re-encoded, split or truncated); no TOTP code appears as a number of its own.
    /// </summary>
    public static void NoBearerMaterial(string log, BearerRequests requests)
    {
        foreach (var secret in requests.Secrets.Where(s => s.Length > 0).Distinct())
        {
            Assert.False(log.Contains(secret, StringComparison.Ordinal), $"The log holds a secret verbatim: {Head(secret)}");
            Assert.False(log.Contains(Uri.EscapeDataString(secret), StringComparison.Ordinal), $"The log holds a secret percent-encoded: {Head(secret)}");
            foreach (var stretch in Stretches(secret))
            {
                Assert.False(log.Contains(stretch, StringComparison.Ordinal), $"The log holds part of a secret ({stretch}) of {Head(secret)}");
            }
        }

        foreach (var code in requests.Codes)
        {
            Assert.DoesNotMatch(new Regex("(?<![A-Za-z0-9])" + code + "(?![A-Za-z0-9])"), log);
        }
    }

    // Every 16-character window of each run of letters and digits, stepping by 8 (any leaked 24 characters contain one);
    // windows of few distinct characters (the zeros of a test key) are skipped, as a trace id may hold them too.
    private static IEnumerable<string> Stretches(string secret)
    {
        foreach (Match run in AlphanumericRun().Matches(secret))
        {
            for (var start = 0; start + 16 <= run.Length; start += 8)
            {
                var window = run.Value.Substring(start, 16);
                if (window.Distinct().Count() >= 8)
                {
                    yield return window;
                }
            }
        }
    }

    private static string Head(string secret) => secret.Length <= 12 ? secret : secret[..12] + "…";

    [GeneratedRegex("[A-Za-z0-9]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex AlphanumericRun();
}
