using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ragnatramp.State;

/// <summary>
/// JSON read and written exactly as the Node.js CLI does (JSON.parse, JSON.stringify(value, null, 2)),
/// so a state file round-trips byte for byte and every field we do not know survives.
/// </summary>
internal static class NodeJson
{
    /// <summary>Parses like JSON.parse: numbers become doubles, a repeated key keeps its first position and its last value.</summary>
    /// <exception cref="JsonException">The text is not JSON (LineNumber and BytePositionInLine say where).</exception>
    public static JsonNode? Parse(string text)
    {
        // JSON.parse rejects a byte order mark; we accept one because Windows editors add it, and drop it on write.
        if (text.Length > 0 && text[0] == '\uFEFF') text = text.Substring(1);
        using var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 512 });
        return Build(document.RootElement);
    }

    private static JsonNode? Build(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                // The indexer replaces a repeated key's value in place: JavaScript's order and value.
                foreach (var property in element.EnumerateObject()) obj[property.Name] = Build(property.Value);
                return obj;
            case JsonValueKind.Array:
                var array = new JsonArray();
                foreach (var item in element.EnumerateArray()) array.Add(Build(item));
                return array;
            case JsonValueKind.String:
                return JsonValue.Create(ReadString(element));
            case JsonValueKind.Number:
                return JsonValue.Create(ParseJsNumber(element.GetRawText()));
            case JsonValueKind.True:
                return JsonValue.Create(true);
            case JsonValueKind.False:
                return JsonValue.Create(false);
            default:
                return null;
        }
    }

    // System.Text.Json refuses a lone surrogate escape ("\ud800") that JSON.parse accepts: decode those ourselves.
    private static string ReadString(JsonElement element)
    {
        try
        {
            return element.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return Unescape(element.GetRawText());
        }
    }

    private static string Unescape(string quoted)
    {
        var builder = new StringBuilder(quoted.Length);
        for (var i = 1; i < quoted.Length - 1; i++)
        {
            var c = quoted[i];
            if (c != '\\') { builder.Append(c); continue; }
            var escape = quoted[++i];
            switch (escape)
            {
                case 'b': builder.Append('\b'); break;
                case 'f': builder.Append('\f'); break;
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case 'u':
                    builder.Append((char)int.Parse(quoted.Substring(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: builder.Append(escape); break;
            }
        }
        return builder.ToString();
    }

    private static double ParseJsNumber(string raw)
    {
        try
        {
            return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (OverflowException)
        {
            // .NET Framework throws where JavaScript gives ±Infinity.
            return raw.StartsWith("-", StringComparison.Ordinal) ? double.NegativeInfinity : double.PositiveInfinity;
        }
    }

    /// <summary>The text JSON.stringify(value, null, 2) produces: no trailing newline.</summary>
    public static string Stringify(JsonNode? node)
    {
        var builder = new StringBuilder();
        Write(builder, node, "");
        return builder.ToString();
    }

    private static void Write(StringBuilder builder, JsonNode? node, string indent)
    {
        switch (node)
        {
            case null:
                builder.Append("null");
                break;
            case JsonObject obj:
                WriteObject(builder, obj, indent);
                break;
            case JsonArray array:
                if (array.Count == 0) { builder.Append("[]"); break; }
                var inner = indent + "  ";
                builder.Append("[\n");
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) builder.Append(",\n");
                    builder.Append(inner);
                    Write(builder, array[i], inner);
                }
                builder.Append('\n').Append(indent).Append(']');
                break;
            case JsonValue value:
                WriteValue(builder, value);
                break;
        }
    }

    private static void WriteObject(StringBuilder builder, JsonObject obj, string indent)
    {
        if (obj.Count == 0) { builder.Append("{}"); return; }
        var inner = indent + "  ";
        builder.Append("{\n");
        var first = true;
        foreach (var property in InJavaScriptOrder(obj))
        {
            if (!first) builder.Append(",\n");
            first = false;
            builder.Append(inner);
            WriteString(builder, property.Key);
            builder.Append(": ");
            Write(builder, property.Value, inner);
        }
        builder.Append('\n').Append(indent).Append('}');
    }

    // A JavaScript object lists integer-like keys ("0", "42") first, ascending, then the rest in insertion order.
    private static IEnumerable<KeyValuePair<string, JsonNode?>> InJavaScriptOrder(JsonObject obj)
    {
        var indexKeys = obj.Where(p => IsArrayIndex(p.Key)).OrderBy(p => uint.Parse(p.Key, CultureInfo.InvariantCulture)).ToList();
        return indexKeys.Count == 0 ? obj : indexKeys.Concat(obj.Where(p => !IsArrayIndex(p.Key)));
    }

    private static bool IsArrayIndex(string key)
    {
        if (key.Length == 0 || key.Length > 10 || (key.Length > 1 && key[0] == '0')) return false;
        foreach (var c in key) if (c < '0' || c > '9') return false;
        return ulong.Parse(key, CultureInfo.InvariantCulture) < uint.MaxValue;
    }

    private static void WriteValue(StringBuilder builder, JsonValue value)
    {
        if (value.TryGetValue<string>(out var text)) WriteString(builder, text);
        else if (value.TryGetValue<bool>(out var flag)) builder.Append(flag ? "true" : "false");
        else if (value.TryGetValue<double>(out var number)) builder.Append(FormatNumber(number));
        else if (value.TryGetValue<int>(out var small)) builder.Append(FormatNumber(small));
        else if (value.TryGetValue<long>(out var big)) builder.Append(FormatNumber(big));
        else if (value.TryGetValue<JsonElement>(out var element)) Write(builder, Build(element), "");
        else throw new InvalidOperationException($"A state value of type {value.GetType()} cannot be written as JSON.");
    }

    /// <summary>A string as JSON.stringify quotes it: only quote, backslash, control characters and lone surrogates are escaped.</summary>
    public static void WriteString(StringBuilder builder, string text)
    {
        builder.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': builder.Append("\\\""); continue;
                case '\\': builder.Append("\\\\"); continue;
                case '\b': builder.Append("\\b"); continue;
                case '\f': builder.Append("\\f"); continue;
                case '\n': builder.Append("\\n"); continue;
                case '\r': builder.Append("\\r"); continue;
                case '\t': builder.Append("\\t"); continue;
            }
            if (c < 0x20)
            {
                AppendUnicodeEscape(builder, c);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                AppendUnicodeEscape(builder, c);
            }
            else
            {
                builder.Append(c);
            }
        }
        builder.Append('"');
    }

    private static void AppendUnicodeEscape(StringBuilder builder, char c) =>
        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));

    /// <summary>A number as JavaScript's Number.prototype.toString writes it (JSON.stringify writes non-finite numbers as null).</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "null";
        if (value == 0) return "0";
        if (value < 0) return "-" + FormatNumber(-value);

        // Shortest round-trip digits and the decimal exponent n (value = 0.digits × 10^n).
        var roundTrip = value.ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOf('E');
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip.Substring(0, exponentAt);
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip.Substring(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var point = mantissa.IndexOf('.');
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var n = (point < 0 ? mantissa.Length : point) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Substring(leading).TrimEnd('0');
        n -= leading;
        var k = digits.Length;

        if (k <= n && n <= 21) return digits + new string('0', n - k);
        if (0 < n && n <= 21) return digits.Substring(0, n) + "." + digits.Substring(n);
        if (-6 < n && n <= 0) return "0." + new string('0', -n) + digits;
        var e = n - 1;
        var sign = e < 0 ? "-" : "+";
        var head = k == 1 ? digits : digits.Substring(0, 1) + "." + digits.Substring(1);
        return head + "e" + sign + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>An instant as JavaScript's Date.prototype.toISOString writes it: 2026-01-30T10:05:00.000Z.</summary>
    public static string IsoTimestamp(DateTime instant) =>
        instant.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Reads an ISO timestamp back as UTC; null when absent or not a timestamp.</summary>
    public static DateTime? ParseTimestamp(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? DateTime.SpecifyKind(parsed, DateTimeKind.Utc)
            : null;
    }
}
