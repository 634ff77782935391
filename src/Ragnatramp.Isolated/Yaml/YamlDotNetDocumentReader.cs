using System;
using System.Collections.Generic;
using System.IO;
using Ragnatramp.Config;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlScalarNode = Ragnatramp.Config.YamlScalar;
using YamlScalarEvent = YamlDotNet.Core.Events.Scalar;

namespace Ragnatramp.Isolated.Yaml;

/// <summary>
/// Reads YAML with YamlDotNet's event parser into Ragnatramp's own node tree, keeping each node's
/// position and each scalar's raw text and style so the config schema can type values itself
/// (YAML 1.2 core schema, as the Node.js CLI's js-yaml does).
/// </summary>
internal sealed class YamlDotNetDocumentReader : IYamlDocumentReader
{
    private const string YamlTagPrefix = "tag:yaml.org,2002:";

    public YamlNode? Read(string text, string fileName)
    {
        // A byte order mark is invisible in editors: drop it so it neither joins the first key nor shifts columns.
        var withoutBom = text.Length > 0 && text[0] == '\uFEFF' ? text.Substring(1) : text;
        return new Reading(withoutBom, fileName).Document();
    }

    private sealed class Reading
    {
        private readonly IParser _parser;
        private readonly string _file;
        private readonly string _text;
        private readonly Dictionary<string, YamlNode> _anchors = new(StringComparer.Ordinal);
        private Mark _lastSeen = Mark.Empty;

        public Reading(string text, string file)
        {
            _parser = new Parser(new StringReader(text));
            _file = file;
            _text = text;
        }

        public YamlNode? Document()
        {
            Next<StreamStart>();
            var first = Next();
            if (first is StreamEnd)
            {
                return null;
            }
            if (first is not DocumentStart)
            {
                throw Unexpected(first);
            }
            var root = Node(Next());
            Next<DocumentEnd>();
            var after = Next();
            if (after is DocumentStart second)
            {
                throw Error(second.Start,
                    "the file holds more than one YAML document ('---'): put the whole config in one document");
            }
            if (after is not StreamEnd)
            {
                throw Unexpected(after);
            }
            return root;
        }

        private YamlNode Node(ParsingEvent current)
        {
            switch (current)
            {
                case YamlScalarEvent scalar:
                    return Remember(scalar.Anchor, new YamlScalarNode(
                        scalar.Value, StyleOf(scalar.Style), LineOf(scalar.Start), ColumnOf(scalar.Start), ScalarTag(scalar)));
                case SequenceStart sequence:
                {
                    RequireCollectionTag(sequence.Tag, sequence.Start, "seq");
                    var items = new List<YamlNode>();
                    var node = Remember(sequence.Anchor, new YamlSequence(items, LineOf(sequence.Start), ColumnOf(sequence.Start)));
                    for (var item = Next(); item is not SequenceEnd; item = Next())
                    {
                        items.Add(Node(item));
                    }
                    return node;
                }
                case MappingStart mapping:
                {
                    RequireCollectionTag(mapping.Tag, mapping.Start, "map");
                    var entries = new List<YamlMappingEntry>();
                    var node = Remember(mapping.Anchor, new YamlMapping(entries, LineOf(mapping.Start), ColumnOf(mapping.Start)));
                    var keys = new Dictionary<string, YamlScalarNode>(StringComparer.Ordinal);
                    for (var keyEvent = Next(); keyEvent is not MappingEnd; keyEvent = Next())
                    {
                        var key = Node(keyEvent) as YamlScalarNode
                            ?? throw Error(keyEvent.Start, "a key here is a list or mapping: keys must be plain names like 'name'");
                        if (keys.TryGetValue(key.Text, out var first))
                        {
                            throw Error(keyEvent.Start,
                                $"duplicate key '{key.Text}' (first at line {first.Line}): each key may appear only once in a mapping");
                        }
                        keys.Add(key.Text, key);
                        entries.Add(new YamlMappingEntry(key, Node(Next())));
                    }
                    return node;
                }
                case AnchorAlias alias:
                    // The alias shares the anchored node (no copy), so nested aliases cannot blow up in size.
                    return _anchors.TryGetValue(alias.Value.Value, out var anchored)
                        ? anchored
                        : throw Error(alias.Start,
                            $"the alias '*{alias.Value.Value}' refers to no anchor '&{alias.Value.Value}' defined before it");
                default:
                    throw Unexpected(current);
            }
        }

        private YamlNode Remember(AnchorName anchor, YamlNode node)
        {
            if (!anchor.IsEmpty)
            {
                _anchors[anchor.Value] = node;
            }
            return node;
        }

        private string? ScalarTag(YamlScalarEvent scalar)
        {
            var tag = scalar.Tag;
            if (tag.IsEmpty)
            {
                return null;
            }
            // "!" (non-specific) and "!!str" both make the scalar a string.
            if (tag.IsNonSpecific || tag.Value == YamlScalarNode.StringTag)
            {
                return YamlScalarNode.StringTag;
            }
            throw Error(scalar.Start, $"the tag '{ShortTag(tag.Value)}' is not supported: write the value without a tag (quote it to make it text)");
        }

        private void RequireCollectionTag(TagName tag, Mark at, string allowed)
        {
            if (!tag.IsEmpty && !tag.IsNonSpecific && tag.Value != YamlTagPrefix + allowed)
            {
                throw Error(at, $"the tag '{ShortTag(tag.Value)}' is not supported here: write the value without a tag");
            }
        }

        private static string ShortTag(string tag) =>
            tag.StartsWith(YamlTagPrefix, StringComparison.Ordinal) ? "!!" + tag.Substring(YamlTagPrefix.Length) : tag;

        private static YamlScalarStyle StyleOf(ScalarStyle style) => style switch
        {
            ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
            ScalarStyle.Literal => YamlScalarStyle.Literal,
            ScalarStyle.Folded => YamlScalarStyle.Folded,
            _ => YamlScalarStyle.Plain,
        };

        private T Next<T>() where T : ParsingEvent
        {
            var next = Next();
            return next as T ?? throw Unexpected(next);
        }

        private ParsingEvent Next()
        {
            try
            {
                if (!_parser.MoveNext() || _parser.Current == null)
                {
                    throw Error(_lastSeen, "invalid YAML: the file ends too early");
                }
            }
            catch (YamlException e)
            {
                // YamlDotNet reports a tab in the indentation at the start of the enclosing block; point at the tab.
                if (e.Message.IndexOf("tab", StringComparison.OrdinalIgnoreCase) >= 0 && FirstIndentationTab() is { } tab)
                {
                    throw new ConfigException(_file, tab.Line, tab.Column, "invalid YAML: a tab in the indentation. YAML indents with spaces only.", e);
                }
                throw Error(e.Start, $"invalid YAML: {Sentence(e.Message)} Check the indentation, quotes and brackets here.", e);
            }
            catch (Exception e) when (e is not ConfigException)
            {
                // YamlDotNet 16 throws InvalidOperationException for some truncated input (an unclosed '[').
                throw Error(_lastSeen,
                    "invalid YAML after this point: check that every '[', '{' and quote is closed and the indentation is consistent.", e);
            }
            _lastSeen = _parser.Current.Start;
            return _parser.Current;
        }

        private (int Line, int Column)? FirstIndentationTab()
        {
            var lines = _text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                for (var c = 0; c < lines[i].Length && (lines[i][c] == ' ' || lines[i][c] == '\t'); c++)
                {
                    if (lines[i][c] == '\t') return (i + 1, c + 1);
                }
            }
            return null;
        }

        private static string Sentence(string message)
        {
            var trimmed = message.Trim();
            if (trimmed.Length == 0) return "the parser stopped.";
            var text = char.ToLowerInvariant(trimmed[0]) + trimmed.Substring(1);
            return text.EndsWith(".", StringComparison.Ordinal) ? text : text + ".";
        }

        private ConfigException Unexpected(ParsingEvent e) =>
            Error(e.Start, $"invalid YAML: unexpected {e.GetType().Name} here.");

        private ConfigException Error(Mark at, string problem, Exception? inner = null) =>
            new(_file, LineOf(at), ColumnOf(at), problem, inner);

        // YamlDotNet counts from 1; Mark.Empty (nothing read yet) counts as the file's start.
        private static int LineOf(Mark mark) => (int)Math.Max(1, Math.Min(int.MaxValue, mark.Line));

        private static int ColumnOf(Mark mark) => (int)Math.Max(1, Math.Min(int.MaxValue, mark.Column));
    }
}
