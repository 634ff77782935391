using System.Collections.Generic;

namespace Ragnatramp.State;

/// <summary>What recording a discovery into a state changed, and what users should be told.</summary>
internal sealed class RecordingOutcome
{
    public RecordingOutcome(IReadOnlyList<StateChange> changes, IReadOnlyList<string> warnings, IReadOnlyList<string> adopted)
    {
        Changes = changes;
        Warnings = warnings;
        Adopted = adopted;
    }

    public IReadOnlyList<StateChange> Changes { get; }
    public IReadOnlyList<string> Warnings { get; }
    /// <summary>Machines whose VM record was added (found by derived name and Notes marker).</summary>
    public IReadOnlyList<string> Adopted { get; }
}
