using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace Ragnatramp.HyperV;

/// <summary>
/// Turns the PSObjects of Get-VM, Get-VMNetworkAdapter, Get-VMIntegrationService and Get-NetNeighbor
/// into records. Real objects carry enum values; deserialized or hand-made ones carry names or
/// numbers, so every enum is read all three ways.
/// </summary>
internal static class HyperVObjectReader
{
    public static VmRecord ToVm(PSObject vm)
    {
        var stateValue = Property(vm, "State");
        TryReadEnum<VmState>(stateValue, out var state);
        return new VmRecord(
            ReadString(vm, "Name", "VMName") ?? "",
            ReadGuid(vm, "Id", "VMId"),
            state,
            EnumName<VmState>(stateValue),
            ReadString(vm, "Notes"));
    }

    public static NetworkAdapterRecord ToNetworkAdapter(PSObject adapter) =>
        new(ReadString(adapter, "VMName") ?? "",
            ReadGuid(adapter, "VMId"),
            ReadString(adapter, "Name") ?? "",
            NullIfEmpty(ReadString(adapter, "SwitchName")),
            MacAddresses.Normalize(ReadString(adapter, "MacAddress")),
            ReadStrings(Property(adapter, "IPAddresses")));

    public static IntegrationComponentRecord ToIntegrationComponent(PSObject component)
    {
        TryReadEnum<IntegrationStatus>(Property(component, "PrimaryOperationalStatus"), out var status);
        return new IntegrationComponentRecord(
            ReadString(component, "VMName") ?? "",
            ReadGuid(component, "VMId"),
            ReadString(component, "Name") ?? "",
            ReadString(component, "Id") ?? "",
            ReadBool(Property(component, "Enabled")),
            status,
            ReadString(component, "PrimaryStatusDescription"));
    }

    public static NeighborEntry ToNeighbor(PSObject neighbor)
    {
        var ip = ReadString(neighbor, "IPAddress") ?? "";
        TryReadEnum<NeighborState>(Property(neighbor, "State"), out var state);
        if (!TryReadEnum<AddressFamilyKind>(Property(neighbor, "AddressFamily"), out var family))
            family = ip.Contains(":") ? AddressFamilyKind.IPv6 : AddressFamilyKind.IPv4;
        return new NeighborEntry(
            ReadString(neighbor, "InterfaceAlias") ?? "",
            ip,
            MacAddresses.Normalize(ReadString(neighbor, "LinkLayerAddress")),
            state,
            family);
    }

    /// <summary>
    /// Reads an enum given as an enum value of any type (its number counts), a number, a numeric string,
    /// or a name (case-insensitive, spaces ignored: "No Contact" reads as NoContact). Arrays give their first element.
    /// </summary>
    public static bool TryReadEnum<T>(object? value, out T result) where T : struct, Enum
    {
        result = default;
        value = Unwrap(value);
        if (value is not string && value is IEnumerable sequence)
        {
            foreach (var item in sequence) return TryReadEnum(item, out result);
            return false;
        }
        switch (value)
        {
            case null:
                return false;
            case Enum e:
                result = (T)Enum.ToObject(typeof(T), Convert.ToInt64(e, CultureInfo.InvariantCulture));
                return true;
            case string s:
                s = s.Trim();
                if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
                {
                    result = (T)Enum.ToObject(typeof(T), n);
                    return true;
                }
                s = s.Replace(" ", "");
                if (s.Length == 0 || s.Contains(",")) return false;
                return Enum.TryParse(s, ignoreCase: true, out result) && Enum.IsDefined(typeof(T), result);
            case IConvertible c when IsInteger(c.GetTypeCode()):
                result = (T)Enum.ToObject(typeof(T), c.ToInt64(CultureInfo.InvariantCulture));
                return true;
            default:
                return false;
        }
    }

    /// <summary>The name users should see: ours when the value is known, else the value as given.</summary>
    public static string EnumName<T>(object? value) where T : struct, Enum
    {
        if (TryReadEnum<T>(value, out var parsed) && Enum.IsDefined(typeof(T), parsed)) return parsed.ToString();
        value = Unwrap(value);
        if (value is Enum e) return e.ToString();
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
    }

    public static object? Property(PSObject obj, string name) => Unwrap(obj.Properties[name]?.Value);

    private static object? Unwrap(object? value)
    {
        while (value is PSObject pso && pso.BaseObject is not PSCustomObject && !ReferenceEquals(pso.BaseObject, pso))
            value = pso.BaseObject;
        return value;
    }

    private static string? ReadString(PSObject obj, params string[] names)
    {
        foreach (var name in names)
        {
            var value = Property(obj, name);
            if (value is null) continue;
            return value is Enum e ? e.ToString() : Convert.ToString(value, CultureInfo.InvariantCulture);
        }
        return null;
    }

    private static Guid ReadGuid(PSObject obj, params string[] names)
    {
        foreach (var name in names)
        {
            var value = Property(obj, name);
            if (value is Guid g) return g;
            if (value is string s && Guid.TryParse(s, out var parsed)) return parsed;
        }
        return Guid.Empty;
    }

    private static bool ReadBool(object? value) => value switch
    {
        bool b => b,
        string s => bool.TryParse(s, out var b) ? b : s.Trim() == "1",
        IConvertible c when IsInteger(c.GetTypeCode()) => c.ToInt64(CultureInfo.InvariantCulture) != 0,
        _ => false,
    };

    private static IReadOnlyList<string> ReadStrings(object? value)
    {
        var list = new List<string>();
        switch (value)
        {
            case null:
                break;
            case string s:
                if (s.Length > 0) list.Add(s);
                break;
            case IEnumerable sequence:
                foreach (var item in sequence)
                {
                    var text = Convert.ToString(Unwrap(item), CultureInfo.InvariantCulture);
                    if (!string.IsNullOrWhiteSpace(text)) list.Add(text!.Trim());
                }
                break;
            default:
                list.Add(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "");
                break;
        }
        return list;
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static bool IsInteger(TypeCode code) => code is TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16
        or TypeCode.Int32 or TypeCode.UInt32 or TypeCode.Int64 or TypeCode.UInt64;
}
