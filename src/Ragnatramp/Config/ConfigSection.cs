using System;
using System.Collections.Generic;
using System.Linq;

namespace Ragnatramp.Config;

/// <summary>
/// One mapping of ragnatramp.yaml or ragnatramp.reconcile.yaml (the root, defaults, a machine, an ssh block, settings, ...)
/// with the keys it allows, and typed reads of its values. Every failure is a
/// <see cref="ConfigException"/> positioned at the offending key or value.
/// </summary>
internal sealed class ConfigSection
{
    private readonly YamlMapping _mapping;
    private readonly string _file;

    private ConfigSection(YamlMapping mapping, string file, string label)
    {
        _mapping = mapping;
        _file = file;
        Label = label;
    }

    /// <summary>How messages name this section: "defaults", "machine 'web'", ...</summary>
    public string Label { get; }
    public YamlNode Node => _mapping;

    /// <summary>The value as a section; fails unless it is a mapping.</summary>
    public static ConfigSection Of(YamlNode node, string file, string label, string example)
    {
        if (node is YamlMapping mapping)
        {
            return new ConfigSection(mapping, file, label);
        }
        throw Error(file, node, $"{label} must be a mapping of keys, e.g. {example}, not {node.Description}");
    }

    /// <summary>Fails on the first key that is not one of <paramref name="allowed"/>, naming the key and what is allowed.</summary>
    public void AllowOnly(params string[] allowed) => AllowOnlyHinting(_ => null, allowed);

    /// <summary>
    /// As <see cref="AllowOnly"/>; <paramref name="hint"/> may add a sentence for a key it knows
    /// (e.g. where the key belongs instead), or return null.
    /// </summary>
    public void AllowOnlyHinting(Func<string, string?> hint, params string[] allowed) =>
        AllowOnlyHinting(hint, Array.Empty<string>(), allowed);

    /// <summary>As <see cref="AllowOnlyHinting(Func{string, string?}, string[])"/>, also accepting <paramref name="tolerated"/> keys without naming them as allowed.</summary>
    public void AllowOnlyHinting(Func<string, string?> hint, string[] tolerated, params string[] allowed)
    {
        foreach (var entry in _mapping.Entries)
        {
            if (Array.IndexOf(allowed, entry.Key.Text) >= 0 || Array.IndexOf(tolerated, entry.Key.Text) >= 0) continue;
            var merge = entry.Key.Text == "<<" ? " (YAML merge keys are not supported)" : "";
            var extra = hint(entry.Key.Text) is { } text ? "; " + text : "";
            throw Error(entry.Key,
                $"unknown key '{entry.Key.Text}' in {Label}{merge}: allowed keys are {string.Join(", ", allowed)}{extra}");
        }
    }

    /// <summary>The value of <paramref name="key"/>, or null when the key is absent.</summary>
    public YamlNode? Find(string key) => FindEntry(key)?.Value;

    /// <summary>The entry (key and value) of <paramref name="key"/>, or null when the key is absent.</summary>
    public YamlMappingEntry? FindEntry(string key) => _mapping.Entries.FirstOrDefault(e => e.Key.Text == key);

    /// <summary>Every entry, in file order.</summary>
    public IReadOnlyList<YamlMappingEntry> Entries => _mapping.Entries;

    /// <summary>The value of <paramref name="key"/>; fails when absent (or null) with <paramref name="howToFix"/>.</summary>
    public YamlNode Require(string key, string howToFix)
    {
        var value = Find(key);
        if (value == null)
        {
            throw Error(_mapping, $"{Label} has no '{key}': {howToFix}");
        }
        if (IsNull(value))
        {
            throw Error(value, $"'{key}' in {Label} is empty: {howToFix}");
        }
        return value;
    }

    /// <summary>An optional sub-section; null when the key is absent or its value is empty (null).</summary>
    public ConfigSection? OptionalSection(string key, string label, string example)
    {
        var value = Find(key);
        return value == null || IsNull(value) ? null : Of(value, _file, label, example);
    }

    /// <summary>Text that matches <paramref name="isValid"/>; <paramref name="allowed"/> says what is allowed.</summary>
    public string? OptionalText(string key, string allowed, Func<string, bool>? isValid = null)
    {
        var value = Find(key);
        return value == null ? null : Text(value, key, allowed, isValid, where: Label);
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>; null when the key is absent.</summary>
    public int? OptionalInteger(string key, int min, int max, string unit = "")
    {
        var value = Find(key);
        if (value == null)
        {
            return null;
        }
        var allowed = $"must be a whole number{unit} from {min} to {max}";
        if (value is YamlScalar { Type: YamlScalarType.Integer } scalar
            && long.TryParse(scalar.Text, System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            if (number >= min && number <= max)
            {
                return (int)number;
            }
            throw Error(value, $"{key} in {Label} {allowed}, not {scalar.Text}");
        }
        var quotedHint = value is YamlScalar { Type: YamlScalarType.String } text && long.TryParse(text.Text, out _)
            ? " (write the number without quotes)"
            : "";
        throw Error(value, $"{key} in {Label} {allowed}, not {value.Description}{quotedHint}");
    }

    /// <summary>true or false; null when the key is absent.</summary>
    public bool? OptionalBoolean(string key)
    {
        var value = Find(key);
        if (value == null)
        {
            return null;
        }
        if (value is YamlScalar { Type: YamlScalarType.Boolean } scalar)
        {
            return scalar.Text.Equals("true", StringComparison.OrdinalIgnoreCase);
        }
        throw Error(value, $"{key} in {Label} must be true or false, not {value.Description}");
    }

    /// <summary>
    /// A value that must be text: a quoted scalar, or a plain one that YAML does not read as a
    /// number, boolean or null. <paramref name="what"/> names it, <paramref name="allowed"/> says what is allowed.
    /// </summary>
    public string Text(YamlNode value, string what, string allowed, Func<string, bool>? isValid = null, string? where = null)
    {
        var placed = where == null ? "" : $" in {where}";
        if (value is not YamlScalar { Type: YamlScalarType.String } scalar)
        {
            throw Error(value, $"{what}{placed} must be text ({allowed}), not {value.Description}");
        }
        if (isValid != null && !isValid(scalar.Text))
        {
            throw Error(value, $"{what} '{HostName.Printable(scalar.Text)}'{placed} is invalid: {allowed}");
        }
        return scalar.Text;
    }

    public ConfigException Error(YamlNode at, string problem) => Error(_file, at, problem);

    public static ConfigException Error(string file, YamlNode at, string problem) =>
        new(file, at.Line, at.Column, problem);

    public static bool IsNull(YamlNode node) => node is YamlScalar { Type: YamlScalarType.Null };
}
