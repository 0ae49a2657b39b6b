namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>An <c>mfaDevices</c> item; the seed is the base32 text as written (optional for an existing device).</summary>
internal sealed record MfaDeviceEntry(Located<string> Serial, Located<string>? Seed)
{
    /// <summary>Keeps the seed out of logs and error messages.</summary>
    public override string ToString() => $"MfaDeviceEntry {{ Serial = {Serial.Value} }}";
}
