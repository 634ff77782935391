namespace Ragnatramp.Files;

/// <summary>
/// Moves a finished temporary file over its destination in one step: a reader sees the old file or
/// the new one, never none. A failure leaves the destination as it was (the caller may retry).
/// The seam through which the tests emulate what only Windows does (a reader that holds the file
/// without delete sharing, a read-only file).
/// </summary>
internal interface IFileReplace
{
    /// <exception cref="System.IO.IOException">Not replaced (e.g. a sharing violation); the destination is unchanged.</exception>
    /// <exception cref="System.UnauthorizedAccessException">Not replaced (a read-only or protected file); the destination is unchanged.</exception>
    void Replace(string source, string destination);
}
