using System.IO;

namespace Ragnatramp.Config;

/// <summary>
/// Where a resolved setting came from: a line of ragnatramp.yaml or ragnatramp.reconcile.yaml, a
/// cmdlet parameter, Ragnatramp's default, or nowhere (not set). Get-RagnaConfig shows it.
/// </summary>
internal sealed class SettingOrigin
{
    public static readonly SettingOrigin Default = new("default", null, 0);
    public static readonly SettingOrigin NotSet = new("not set", null, 0);

    private readonly string _text;

    private SettingOrigin(string text, string? file, int line)
    {
        _text = text;
        File = file;
        Line = line;
    }

    /// <summary>The absolute path of the file that set the value, or null.</summary>
    public string? File { get; }
    /// <summary>1-based line in <see cref="File"/>, or 0.</summary>
    public int Line { get; }

    /// <summary>A value written at <paramref name="line"/> of <paramref name="file"/> (shown as "file-name:line": both files sit in the project folder).</summary>
    public static SettingOrigin InFile(string file, int line) => new($"{Path.GetFileName(file)}:{line}", file, line);

    /// <summary>A value given as a cmdlet parameter, e.g. "-User".</summary>
    public static SettingOrigin Parameter(string name) => new("-" + name, null, 0);

    public override string ToString() => _text;
}
