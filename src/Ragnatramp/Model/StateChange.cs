namespace Ragnatramp;

/// <summary>One field of one machine's state that a reconcile changed (or would change).</summary>
public sealed class StateChange
{
    public string MachineName { get; set; } = "";
    public string Field { get; set; } = "";
    public string? OldValue { get; set; }
    public string? NewValue { get; set; }

    public override string ToString() => $"{MachineName}.{Field}: {OldValue} -> {NewValue}";
}
