using System;
using System.Collections.Generic;

namespace Ragnatramp.HyperV;

/// <summary>MAC address spelling: Hyper-V writes 00155DDE3309, NetTCPIP 00-15-5D-DE-33-09.</summary>
internal static class MacAddresses
{
    /// <summary>Separators (- : . space) removed, upper case.</summary>
    public static string Normalize(string? mac)
    {
        if (string.IsNullOrEmpty(mac)) return "";
        var chars = new List<char>(mac!.Length);
        foreach (var c in mac)
        {
            if (c is '-' or ':' or '.' or ' ') continue;
            chars.Add(char.ToUpperInvariant(c));
        }
        return new string(chars.ToArray());
    }

    /// <summary>A real MAC: not empty and not all zeros (Hyper-V's "dynamic MAC not assigned yet").</summary>
    public static bool IsAssigned(string? mac)
    {
        var normalized = Normalize(mac);
        return normalized.Length > 0 && normalized.Trim('0').Length > 0;
    }

    public static bool SameAddress(string? a, string? b) =>
        IsAssigned(a) && string.Equals(Normalize(a), Normalize(b), StringComparison.Ordinal);
}
