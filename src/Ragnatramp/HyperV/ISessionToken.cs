namespace Ragnatramp.HyperV;

/// <summary>The session's token, read where the cmdlet runs.</summary>
internal interface ISessionToken
{
    bool IsWindows { get; }
    /// <summary>The token's rights; null when they cannot be read (then Hyper-V itself decides).</summary>
    TokenRights? Read();
}
