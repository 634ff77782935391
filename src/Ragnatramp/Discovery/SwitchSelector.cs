using System;

namespace Ragnatramp.Discovery;

/// <summary>
/// Which virtual switch discovery reads: by Id or by name. Names are localized on real hosts (the Default Switch is
/// "Standardswitch" on German Windows), so the Default Switch is found by its fixed Id whatever it is called; the
/// English name "Default Switch" (the default of -SwitchName and settings.switch_name) means that Id too.
/// </summary>
internal sealed class SwitchSelector
{
    /// <summary>The Id Windows gives the Default Switch on every host, in every language.</summary>
    public static readonly Guid DefaultSwitchId = new("C08CB7B8-9B3C-408E-8E30-5E16A3AEB444");

    public const string DefaultSwitchName = "Default Switch";

    private SwitchSelector(Guid? id, string? name)
    {
        Id = id;
        Name = name;
    }

    /// <summary>The Default Switch: its Id, or its English name where a switch's Id is not known.</summary>
    public static SwitchSelector Default { get; } = new(DefaultSwitchId, DefaultSwitchName);

    /// <summary>Null when only a name was given.</summary>
    public Guid? Id { get; }
    /// <summary>Null when only an Id was given.</summary>
    public string? Name { get; }

    /// <summary>
    /// A switch Id (any GUID spelling, braces allowed) selects by Id; "Default Switch" (any case), empty or null the
    /// Default Switch; anything else a switch of that exact name (case-insensitive, as Hyper-V compares names).
    /// </summary>
    public static SwitchSelector Parse(string? text)
    {
        var trimmed = text?.Trim();
        if (string.IsNullOrEmpty(trimmed) || string.Equals(trimmed, DefaultSwitchName, StringComparison.OrdinalIgnoreCase)) return Default;
        if (Guid.TryParse(trimmed, out var id)) return id == DefaultSwitchId ? Default : new SwitchSelector(id, null);
        return new SwitchSelector(null, trimmed);
    }

    public static implicit operator SwitchSelector(string? text) => Parse(text);

    /// <summary>
    /// Whether a switch (as an adapter names it) is this one: by Id when both sides know one, else by name.
    /// </summary>
    public bool Matches(Guid switchId, string? switchName)
    {
        if (Id is { } id && switchId != Guid.Empty) return switchId == id;
        return Name is not null && string.Equals(switchName, Name, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>How messages name it: the name given, else the Id.</summary>
    public override string ToString() => Name ?? Id!.Value.ToString().ToUpperInvariant();
}
