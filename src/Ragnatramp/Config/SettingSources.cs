using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.Config;

/// <summary>The origin of each resolved setting, by its key path (e.g. "ssh.user"), in a stable order.</summary>
internal sealed class SettingSources : IEnumerable<KeyValuePair<string, SettingOrigin>>
{
    public static readonly SettingSources Empty = new(new List<KeyValuePair<string, SettingOrigin>>());

    private readonly List<KeyValuePair<string, SettingOrigin>> _entries;

    private SettingSources(List<KeyValuePair<string, SettingOrigin>> entries) => _entries = entries;

    /// <summary>These sources with <paramref name="key"/> set to <paramref name="origin"/> (replaced in place when present, else added last).</summary>
    public SettingSources With(string key, SettingOrigin origin)
    {
        var entries = _entries.Where(e => e.Key != key).ToList();
        var index = _entries.FindIndex(e => e.Key == key);
        entries.Insert(index < 0 ? entries.Count : index, new KeyValuePair<string, SettingOrigin>(key, origin));
        return new SettingSources(entries);
    }

    /// <summary>The origin of <paramref name="key"/>; <see cref="SettingOrigin.NotSet"/> when it has none.</summary>
    public SettingOrigin this[string key] => _entries.FirstOrDefault(e => e.Key == key).Value ?? SettingOrigin.NotSet;

    public IEnumerator<KeyValuePair<string, SettingOrigin>> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
