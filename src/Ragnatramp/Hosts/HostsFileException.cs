using System;

namespace Ragnatramp.Hosts;

/// <summary>Why the host's hosts file could not be read or written; <see cref="ErrorId"/> is the stable PowerShell ErrorId.</summary>
internal sealed class HostsFileException : Exception
{
    public const string AccessDenied = "HostsFileAccessDenied";
    public const string MarkersUnpaired = "HostsFileMarkersUnpaired";
    public const string Unreadable = "HostsFileUnreadable";
    public const string WriteFailed = "HostsFileWriteFailed";

    public HostsFileException(string errorId, string path, string message, string recommendedAction, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Path = path;
        RecommendedAction = recommendedAction;
    }

    public string ErrorId { get; }
    public string Path { get; }
    /// <summary>What the user should do about it.</summary>
    public string RecommendedAction { get; }
}
