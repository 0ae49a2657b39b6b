using TokenBroker.Core.Model;

namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>An <c>accessKeys</c> item; id and secret are optional (generated when absent).</summary>
internal sealed record AccessKeyEntry(int Line, string? Id, string? Secret, AccessKeyStatus Status)
{
    /// <summary>Keeps the secret out of logs and error messages.</summary>
    public override string ToString() => $"AccessKeyEntry {{ Line = {Line}, Id = {Id}, Status = {Status} }}";
}
