using System;

namespace Ragnatramp.HyperV;

/// <summary>One VM as Get-VM reports it, reduced to what discovery needs.</summary>
internal sealed class VmRecord
{
    public VmRecord(string name, Guid id, VmState state, string stateName, string? notes)
    {
        Name = name;
        Id = id;
        State = state;
        StateName = stateName;
        Notes = notes;
    }

    public string Name { get; }
    public Guid Id { get; }
    public VmState State { get; }
    /// <summary>The state's name as users see it (Running, Off, RunningCritical, or the number when unknown).</summary>
    public string StateName { get; }
    public string? Notes { get; }

    public override string ToString() => $"{Name} ({StateName})";
}
