namespace Ragnatramp.Config;

/// <summary>One value as a file (or a parameter) gives it, with where it came from.</summary>
internal sealed class Setting<T>
{
    public Setting(T value, SettingOrigin origin)
    {
        Value = value;
        Origin = origin;
    }

    public T Value { get; }
    public SettingOrigin Origin { get; }
}
