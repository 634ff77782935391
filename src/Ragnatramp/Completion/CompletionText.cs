using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace Ragnatramp.Completion;

/// <summary>Turns candidate names into completion results: prefix or wildcard match, quoted when needed.</summary>
internal static class CompletionText
{
    public static IEnumerable<CompletionResult> Matching(IEnumerable<string> names, string wordToComplete, Func<string, string> tooltip)
    {
        var word = (wordToComplete ?? "").Trim('\'', '"');
        var pattern = WildcardPattern.ContainsWildcardCharacters(word) ? word : word + "*";
        var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
        return names
            .Where(n => wildcard.IsMatch(n))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
            .Select(n => new CompletionResult(Quote(n), n, CompletionResultType.ParameterValue, tooltip(n)))
            .ToList();
    }

    private static string Quote(string name) =>
        name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '(', ')', '{', '}', ';', ',', '&', '#', '@' }) >= 0
            ? "'" + name.Replace("'", "''") + "'"
            : name;
}
