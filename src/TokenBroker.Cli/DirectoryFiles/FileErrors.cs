namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>Collects errors as <c>file:line: message</c>, the form editors and CI logs link to.</summary>
internal sealed class FileErrors(string fileName)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> All => _errors;

    public bool Any => _errors.Count > 0;

    public void Add(int line, string message) => _errors.Add($"{fileName}:{line}: {message}");
}
