namespace Ragnatramp.Config;

/// <summary>
/// Parses YAML text into a <see cref="YamlNode"/> tree. Declared here in BCL types; implemented with
/// YamlDotNet in Ragnatramp.Isolated (obtain it with IsolatedLibraries.Create).
/// </summary>
internal interface IYamlDocumentReader
{
    /// <summary>
    /// The single document in <paramref name="text"/>, or null when the text holds no document at all.
    /// Throws <see cref="ConfigException"/> (naming <paramref name="fileName"/>, line and column) on a
    /// syntax error, a duplicate key, an undefined alias or more than one document.
    /// </summary>
    YamlNode? Read(string text, string fileName);
}
