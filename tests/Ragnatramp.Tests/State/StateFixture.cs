using System.Runtime.CompilerServices;

namespace Ragnatramp.Tests.State;

/// <summary>State files written by the Node.js CLI's code (JSON.stringify(state, null, 2)), kept beside these tests.</summary>
internal static class StateFixture
{
    public static string PathOf(string name, [CallerFilePath] string here = "") =>
        Path.Combine(Path.GetDirectoryName(here)!, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static string Text(string name) => File.ReadAllText(PathOf(name));

    /// <summary>A fresh folder with .ragnatramp/ in it; deleted on dispose.</summary>
    public sealed class Project : IDisposable
    {
        public Project()
        {
            Directory = System.IO.Directory.CreateTempSubdirectory("ragnatramp-state-").FullName;
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, ".ragnatramp"));
        }

        public string Directory { get; }
        public string StatePath => Path.Combine(Directory, ".ragnatramp", "state.json");
        public string ConfigPath => Path.Combine(Directory, "ragnatramp.yaml");

        public string WithState(string fixture)
        {
            File.Copy(PathOf(fixture), StatePath, true);
            return StatePath;
        }

        public void Dispose() => System.IO.Directory.Delete(Directory, true);
    }
}
