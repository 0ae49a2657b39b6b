namespace TokenBroker.Cli.DirectoryFiles;

/// <summary>Reads and validates a directory file in one step: either a file that may be applied, or its errors.</summary>
internal static class DirectoryFileLoader
{
    /// <summary>
    /// The parsed file and the list of <c>file:line: message</c> errors; the file is usable only when the list is empty.
    /// Files the directory file names (SAML metadata) are read relative to <paramref name="baseFolder"/>.
    /// </summary>
    public static (DirectoryFile? File, IReadOnlyList<string> Errors) Load(string fileName, string text, string baseFolder)
    {
        var errors = new FileErrors(fileName);
        var file = DirectoryFileReader.Read(fileName, text, baseFolder, errors);
        if (file is not null)
        {
            DirectoryFileValidator.Validate(file, errors);
        }

        return (errors.Any ? null : file, errors.All);
    }
}
