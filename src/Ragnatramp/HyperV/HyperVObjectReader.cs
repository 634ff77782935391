using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;

namespace Ragnatramp.HyperV;

/// <summary>
/// Turns the PSObjects of Get-VM, Get-VMNetworkAdapter, Get-VMIntegrationService and Get-NetNeighbor
/// into records. Real objects carry enum values; deserialized or hand-made ones carry names or
/// numbers, so every enum is read all three ways.
/// </summary>
internal static class HyperVObjectReader
{
    /// <param name="vm">A Get-VM object (live, deserialized or hand-made).</param>
    /// <param name="hostStateName">The host's own name for a bare VMState number (see <see cref="VmStateNumbering"/>); null: none known.</param>
    public static VmRecord ToVm(PSObject vm, Func<long, string?>? hostStateName = null)
    {
        var stateValue = Property(vm, "State", keepDeserializedEnum: true);
        Func<long, VmState> fromNumber = n => VmStateNumbering.FromNumber(n, hostStateName);
        var known = TryReadEnum(stateValue, out var state, fromNumber) && state != VmState.Unknown;
        return new VmRecord(
            ReadString(vm, "Name", "VMName") ?? "",
            ReadGuid(vm, "Id", "VMId"),
            known ? state : VmState.Unknown,
            known ? state.ToString() : RawText(stateValue),
            ReadString(vm, "Notes"));
    }

    public static NetworkAdapterRecord ToNetworkAdapter(PSObject adapter) =>
        new(ReadString(adapter, "VMName") ?? "",
            ReadGuid(adapter, "VMId"),
            ReadString(adapter, "Name") ?? "",
            NullIfEmpty(ReadString(adapter, "SwitchName")),
            MacAddresses.Normalize(ReadString(adapter, "MacAddress")),
            ReadStrings(Property(adapter, "IPAddresses")),
            ReadGuid(adapter, "SwitchId"));

    /// <summary>An MSFT_NetIPAddress (Get-NetIPAddress): the interface, its index, the address and prefix length.</summary>
    public static HostInterface ToHostInterface(PSObject address)
    {
        var index = Property(address, "InterfaceIndex") ?? Property(address, "ifIndex");
        var prefix = Property(address, "PrefixLength");
        return new HostInterface(
            ReadString(address, "InterfaceAlias") ?? "",
            index is IConvertible i && IsInteger(i.GetTypeCode()) ? (uint?)i.ToUInt32(CultureInfo.InvariantCulture)
                : uint.TryParse(Convert.ToString(index, CultureInfo.InvariantCulture), out var parsed) ? parsed : null,
            ReadString(address, "IPAddress"),
            prefix is IConvertible p && IsInteger(p.GetTypeCode()) ? p.ToInt32(CultureInfo.InvariantCulture)
                : int.TryParse(Convert.ToString(prefix, CultureInfo.InvariantCulture), out var parsedPrefix) ? parsedPrefix : 0);
    }

    public static IntegrationComponentRecord ToIntegrationComponent(PSObject component)
    {
        TryReadEnum<IntegrationStatus>(Property(component, "PrimaryOperationalStatus", keepDeserializedEnum: true), out var status);
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
        TryReadEnum<NeighborState>(Property(neighbor, "State", keepDeserializedEnum: true), out var state);
        if (!TryReadEnum<AddressFamilyKind>(Property(neighbor, "AddressFamily", keepDeserializedEnum: true), out var family))
            family = ip.Contains(":") ? AddressFamilyKind.IPv6 : AddressFamilyKind.IPv4;
        return new NeighborEntry(
            ReadString(neighbor, "InterfaceAlias") ?? "",
            ip,
            MacAddresses.Normalize(ReadString(neighbor, "LinkLayerAddress")),
            state,
            family);
    }

    /// <summary>
    /// Reads an enum BY NAME whenever a name is there: an enum value of any type gives its name (the numbers of Hyper-V's
    /// enums differ between Windows builds), a deserialized enum (the Windows PowerShell compatibility layer, remoting) its
    /// name from the serialized ToString, a string is a name (case-insensitive, spaces ignored: "No Contact" reads as
    /// NoContact). Only a bare number (or numeric string) is read as a number, through <paramref name="fromNumber"/> when
    /// given (an enum whose numbering differs by build), else as this enum's own number. Arrays give their first element.
    /// </summary>
    public static bool TryReadEnum<T>(object? value, out T result, Func<long, T>? fromNumber = null) where T : struct, Enum
    {
        result = default;
        if (value is PSObject wrapped && DeserializedEnumName(wrapped) is { } serializedName) value = serializedName;
        value = Unwrap(value);
        if (value is not string && value is IEnumerable sequence)
        {
            foreach (var item in sequence) return TryReadEnum(item, out result, fromNumber);
            return false;
        }
        switch (value)
        {
            case null:
                return false;
            case Enum e:
                // By name; an enum value without a name of its own (ToString gives digits) falls to the number path.
                return TryReadName(e.ToString(), out result)
                       || (IsDigits(e.ToString()) && FromNumber(Convert.ToInt64(e, CultureInfo.InvariantCulture), out result, fromNumber));
            case string s:
                s = s.Trim();
                if (long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) return FromNumber(n, out result, fromNumber);
                return TryReadName(s, out result);
            case IConvertible c when IsInteger(c.GetTypeCode()):
                return FromNumber(c.ToInt64(CultureInfo.InvariantCulture), out result, fromNumber);
            default:
                return false;
        }
    }

    /// <summary>The name users should see: ours when the value is known, else the value as given.</summary>
    public static string EnumName<T>(object? value) where T : struct, Enum =>
        TryReadEnum<T>(value, out var parsed) && Enum.IsDefined(typeof(T), parsed) ? parsed.ToString() : RawText(value);

    private static bool TryReadName<T>(string name, out T result) where T : struct, Enum
    {
        result = default;
        var compact = name.Replace(" ", "");
        if (compact.Length == 0 || compact.Contains(",") || IsDigits(compact)) return false;
        return Enum.TryParse(compact, ignoreCase: true, out result) && Enum.IsDefined(typeof(T), result);
    }

    private static bool FromNumber<T>(long number, out T result, Func<long, T>? fromNumber) where T : struct, Enum
    {
        result = fromNumber is null ? (T)Enum.ToObject(typeof(T), number) : fromNumber(number);
        return true;
    }

    /// <summary>
    /// A deserialized enum arrives as its number wrapped in a PSObject typed 'Deserialized.&lt;enum type&gt;' whose
    /// ToString is the name it had on the sending side: that name, or null when this is not such an object.
    /// </summary>
    private static string? DeserializedEnumName(PSObject value)
    {
        if (!value.TypeNames.Any(t => string.Equals(t, "Deserialized.System.Enum", StringComparison.OrdinalIgnoreCase))) return null;
        var text = value.ToString();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    private static string RawText(object? value)
    {
        if (value is PSObject wrapped && DeserializedEnumName(wrapped) is { } name) return name;
        value = Unwrap(value);
        if (value is Enum e) return e.ToString();
        return Convert.ToString(value, CultureInfo.InvariantCulture) ?? "";
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.TrimStart('-').All(char.IsDigit);

    /// <param name="obj">The object.</param>
    /// <param name="name">The property.</param>
    /// <param name="keepDeserializedEnum">Return a deserialized enum's wrapper (which carries its name) instead of its bare number.</param>
    public static object? Property(PSObject obj, string name, bool keepDeserializedEnum)
    {
        var value = obj.Properties[name]?.Value;
        return keepDeserializedEnum && value is PSObject wrapped && DeserializedEnumName(wrapped) is not null ? wrapped : Unwrap(value);
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
