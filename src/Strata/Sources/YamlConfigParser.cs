using System.Text.RegularExpressions;
using Strata.Model;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Strata.Sources;

/// <summary>
/// Reads YAML into a <see cref="ConfigMap"/> from YamlDotNet's parser events. Tags never create
/// types: only <c>!secret</c>, <c>!delete</c> and the core-schema <c>!!</c> tags are understood.
/// Aliases share the anchored node (the tree is immutable), and their total expansion is bounded.
/// </summary>
internal static partial class YamlConfigParser
{
    /// <summary>Tag that marks a value secret: it prints as <c>***</c> everywhere.</summary>
    public const string SecretTag = "!secret";

    /// <summary>Tag that removes an inherited key when the layer is merged.</summary>
    public const string DeleteTag = "!delete";

    private const int MaxRereadings = 3;

    /// <summary>
    /// Parses YAML text. One leading byte order mark is skipped. Throws <see cref="ConfigurationLoadException"/>
    /// with file, line and column.
    /// </summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="source">The source name used in origins and errors.</param>
    /// <param name="layer">The layer the values belong to.</param>
    /// <param name="limits">Bounds on the input; <see cref="ParserLimits.Default"/> when null.</param>
    public static ConfigMap Parse(string text, string source, LayerKind layer, ParserLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(source);
        text = YamlText.WithoutLeadingBom(text);
        YamlText.Check(text, source);
        return Read(new Reading(text, source, layer, limits ?? ParserLimits.Default), emptied: null, firstError: null);
    }

    // YamlDotNet rejects a blank line that holds a tab after a plain value (firstError). Such a line
    // means the same emptied, except inside a literal or folded scalar, where the tab is content: so
    // the text is read again with those lines emptied, and again without the ones found inside such
    // a scalar, a few times at most; then firstError stands.
    private static ConfigMap Read(Reading reading, List<int>? emptied, YamlException? firstError, int attempt = 0)
    {
        var (source, layer, limits) = (reading.Source, reading.Layer, reading.Limits);
        var text = emptied is null ? reading.Text : YamlText.EmptyLines(reading.Text, emptied);
        var builder = new YamlTreeBuilder(text, source, layer, limits);
        if (emptied is not null)
        {
            builder.TrackBlockScalars();
        }

        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return ConfigMap.Empty(new Origin(source, 1, 1, layer));
            }

            var docStart = parser.Consume<DocumentStart>();
            var root = parser.Accept<DocumentEnd>(out _) ? ConfigMap.Empty(builder.OriginOf(docStart.Start)) : builder.Build(parser);
            parser.Consume<DocumentEnd>();
            if (emptied is not null && firstError is not null && builder.BlockScalarLinesAmong(emptied) is { Count: > 0 } content)
            {
                var rest = emptied.Except(content).ToList();
                return rest.Count > 0 && attempt < MaxRereadings ? Read(reading, rest, firstError, attempt + 1) : throw SyntaxError(reading.Text, source, firstError);
            }

            if (parser.Accept<DocumentStart>(out var second))
            {
                throw Error(source, second.Start, "the file holds more than one YAML document ('---'); Strata reads one document per file");
            }

            return root switch
            {
                ConfigMap map => map,
                ConfigScalar { ScalarKind: ScalarKind.Null } s => ConfigMap.Empty(s.Origin),
                _ => throw new ConfigurationLoadException(ConfigurationError.At(root.Origin, string.Empty, $"the top level must be a map of keys, but it is a {root.TypeName}")),
            };
        }
        catch (YamlException ex) when (emptied is null && YamlText.TabOnlyLines(text) is { Count: > 0 } tabLines)
        {
            return Read(reading, tabLines, ex);
        }
        catch (YamlException ex)
        {
            throw SyntaxError(text, source, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's scanner fails this way on some malformed input (unterminated flow
            // collections, malformed tags).
            throw Error(source, YamlText.Inside(text, builder.LastMark), "YAML syntax error: the text after this point cannot be read (an unclosed '[', '{' or quote, or a malformed tag?)");
        }
    }

    private sealed record Reading(string Text, string Source, LayerKind Layer, ParserLimits Limits);

    private static ConfigurationLoadException SyntaxError(string text, string source, YamlException ex) =>
        Error(source, YamlText.Inside(text, ex.Start), "YAML syntax error: " + CleanMessage(ex.Message));

    private static ConfigurationLoadException Error(string source, Mark at, string message) =>
        new(new ConfigurationError(source, YamlTreeBuilder.ToInt(at.Line), YamlTreeBuilder.ToInt(at.Column), string.Empty, message));

    private static string CleanMessage(string message)
    {
        var cleaned = LocationPrefix().Replace(message, string.Empty).Trim();
        return cleaned.Length == 0 ? message : cleaned;
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex LocationPrefix();
}
