using System.Text;

namespace Ragnatramp.Config;

/// <summary>
/// JavaScript's String.prototype.toLowerCase(): the full Unicode default lower-case mapping,
/// including SpecialCasing ('İ' becomes "i̇") and the final-sigma rule ('Σ' at the end of a word
/// becomes 'ς'). .NET's ToLowerInvariant maps one char at a time and differs by runtime, so the
/// VM-name hash would not match the Node.js CLI's; the tables come from Node.js itself.
/// </summary>
internal static partial class JsLowerCase
{
    private const int CapitalIWithDotAbove = 0x130;
    private const int CapitalSigma = 0x3A3;
    private const int SmallSigma = 0x3C3;
    private const int SmallFinalSigma = 0x3C2;

    public static string ToLower(string text)
    {
        var result = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i += CodePointLength(text, i))
        {
            var cp = CodePointAt(text, i);
            if (cp == CapitalIWithDotAbove)
            {
                result.Append("i\u0307");
            }
            else if (cp == CapitalSigma)
            {
                result.Append((char)(IsFinalSigma(text, i) ? SmallFinalSigma : SmallSigma));
            }
            else
            {
                AppendCodePoint(result, Lower(cp));
            }
        }
        return result.ToString();
    }

    private static int Lower(int cp)
    {
        // LowerRuns is sorted by first code point: binary search for the run that may hold cp.
        int lo = 0, hi = LowerRuns.Length / 4 - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var first = LowerRuns[mid * 4];
            var last = LowerRuns[mid * 4 + 1];
            if (cp < first) hi = mid - 1;
            else if (cp > last) lo = mid + 1;
            else
            {
                var stride = LowerRuns[mid * 4 + 2];
                return (cp - first) % stride == 0 ? cp + LowerRuns[mid * 4 + 3] : cp;
            }
        }
        return cp;
    }

    // Unicode's Final_Sigma: a cased letter comes before (skipping case-ignorables) and none after.
    // As in ICU, a character that is both cased and case-ignorable counts as case-ignorable.
    private static bool IsFinalSigma(string text, int index)
    {
        return CasedLetterBefore(text, index) && !CasedLetterAfter(text, index + 1);
    }

    private static bool CasedLetterBefore(string text, int index)
    {
        var i = index;
        while (i > 0)
        {
            var length = i >= 2 && char.IsLowSurrogate(text[i - 1]) && char.IsHighSurrogate(text[i - 2]) ? 2 : 1;
            i -= length;
            var cp = CodePointAt(text, i);
            if (InRanges(CaseIgnorableRanges, cp)) continue;
            return InRanges(CasedRanges, cp);
        }
        return false;
    }

    private static bool CasedLetterAfter(string text, int index)
    {
        for (var i = index; i < text.Length; i += CodePointLength(text, i))
        {
            var cp = CodePointAt(text, i);
            if (InRanges(CaseIgnorableRanges, cp)) continue;
            return InRanges(CasedRanges, cp);
        }
        return false;
    }

    private static bool InRanges(int[] ranges, int cp)
    {
        int lo = 0, hi = ranges.Length / 2 - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (cp < ranges[mid * 2]) hi = mid - 1;
            else if (cp > ranges[mid * 2 + 1]) lo = mid + 1;
            else return true;
        }
        return false;
    }

    // A lone surrogate stands for itself, as in JavaScript.
    private static int CodePointAt(string text, int i) =>
        CodePointLength(text, i) == 2 ? char.ConvertToUtf32(text[i], text[i + 1]) : text[i];

    private static int CodePointLength(string text, int i) =>
        char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]) ? 2 : 1;

    private static void AppendCodePoint(StringBuilder builder, int cp)
    {
        if (cp < 0x10000) builder.Append((char)cp);
        else builder.Append(char.ConvertFromUtf32(cp));
    }
}
