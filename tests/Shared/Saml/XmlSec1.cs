using System.Diagnostics;

namespace TokenBroker.Tests.Saml;

/// <summary>
/// Runs xmlsec1 (Aleksey Sanin's XML Security Library, from apt), the independent implementation that signs and
/// encrypts every SAML response these tests validate. A missing tool fails the tests; it never skips them.
/// </summary>
internal static class XmlSec1
{
    public const string ResponseIdAttr = "urn:oasis:names:tc:SAML:2.0:protocol:Response";
    public const string AssertionIdAttr = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion";

    public static string Run(string workDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("xmlsec1")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workDirectory,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("xmlsec1 did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                "xmlsec1 is not installed: the SAML tests need it as their independent IdP (apt-get install -y xmlsec1; test.sh does this).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"xmlsec1 {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}");
            }

            return stdout.Result;
        }
    }
}
