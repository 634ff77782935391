using System;
using System.Management.Automation;

namespace Ragnatramp.HyperV;

/// <summary>A Hyper-V or NetTCPIP call failed in a way the user must fix; carries our stable ErrorId.</summary>
internal sealed class HyperVException : Exception
{
    public HyperVException(string errorId, ErrorCategory category, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Category = category;
        Target = target;
    }

    public string ErrorId { get; }
    public ErrorCategory Category { get; }
    public object? Target { get; }

    public ErrorRecord ToErrorRecord() => new(this, ErrorId, Category, Target);
}
