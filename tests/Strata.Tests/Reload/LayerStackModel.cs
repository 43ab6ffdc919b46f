using System.Globalization;
using System.Text;

namespace Strata.Tests.Reload;

/// <summary>A value in a layer file as the test writes it: a scalar spelling, a <c>!delete</c> marker, a map or a list.</summary>
internal abstract class FileValue
{
    public abstract FileValue Clone();
}

/// <summary>A scalar with its YAML spelling (quotes included) and its JSON spelling; optionally tagged <c>!secret</c>.</summary>
internal sealed class FileScalar(string yaml, string json, bool secret) : FileValue
{
    public string Yaml { get; } = yaml;

    public string Json { get; } = json;

    public bool Secret { get; set; } = secret;

    public override FileValue Clone() => new FileScalar(Yaml, Json, Secret);

    public override string ToString() => (Secret ? "!secret " : string.Empty) + Yaml;
}

/// <summary>A <c>!delete</c> marker (written as <c>null</c> in JSON, which has no tags).</summary>
internal sealed class FileDelete : FileValue
{
    public override FileValue Clone() => new FileDelete();

    public override string ToString() => "!delete";
}

/// <summary>A list of scalars and flat maps.</summary>
internal sealed class FileList(List<FileValue> items) : FileValue
{
    public List<FileValue> Items { get; } = items;

    public override FileValue Clone() => new FileList([.. Items.Select(i => i.Clone())]);

    public override string ToString() => "[" + string.Join(", ", Items) + "]";
}

/// <summary>A map whose entries keep their written order; optionally tagged <c>!secret</c>.</summary>
internal sealed class FileMap(List<KeyValuePair<string, FileValue>> entries, bool secret) : FileValue
{
    public List<KeyValuePair<string, FileValue>> Entries { get; } = entries;

    public bool Secret { get; set; } = secret;

    public override FileValue Clone() => new FileMap([.. Entries.Select(e => new KeyValuePair<string, FileValue>(e.Key, e.Value.Clone()))], Secret);

    public override string ToString() => (Secret ? "!secret " : string.Empty) + "{" + string.Join(", ", Entries.Select(e => e.Key + ": " + e.Value)) + "}";
}

/// <summary>
/// One layer file: its tree and its layout (comment lines above the content, indentation, a trailing comment), so
/// layout-only edits can move origins or leave them where they are.
/// </summary>
internal sealed class LayerFileModel(FileMap root)
{
    public FileMap Root { get; set; } = root;

    /// <summary>Lines written above the content (comments in YAML, blank lines in JSON): moves every origin down.</summary>
    public int HeaderLines { get; set; }

    /// <summary>Spaces per nesting level: moves the columns of nested values.</summary>
    public int Indent { get; set; } = 2;

    /// <summary>A comment (YAML) or blank line (JSON) after the content: moves nothing.</summary>
    public bool TrailingComment { get; set; }

    public LayerFileModel Clone() => new((FileMap)Root.Clone()) { HeaderLines = HeaderLines, Indent = Indent, TrailingComment = TrailingComment };

    /// <summary>The file's text in the format its extension names.</summary>
    public string Render(string relativePath) =>
        relativePath.EndsWith(".json", StringComparison.Ordinal) ? RenderJson() : RenderYaml();

    private string RenderYaml()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < HeaderLines; i++)
        {
            sb.Append("# header ").Append(i.ToString(CultureInfo.InvariantCulture)).Append('\n');
        }

        if (Root.Entries.Count == 0)
        {
            sb.Append(Root.Secret ? "!secret {}\n" : "{}\n");
        }
        else
        {
            if (Root.Secret)
            {
                sb.Append("!secret\n");
            }

            YamlEntries(sb, Root, 0);
        }

        if (TrailingComment)
        {
            sb.Append("# trailing comment\n");
        }

        return sb.ToString();
    }

    private void YamlEntries(StringBuilder sb, FileMap map, int indent)
    {
        foreach (var (key, value) in map.Entries)
        {
            sb.Append(' ', indent).Append(key).Append(':');
            switch (value)
            {
                case FileMap { Entries.Count: 0 } empty:
                    sb.Append(empty.Secret ? " !secret {}\n" : " {}\n");
                    break;
                case FileMap nested:
                    sb.Append(nested.Secret ? " !secret\n" : "\n");
                    YamlEntries(sb, nested, indent + Indent);
                    break;
                case FileList { Items.Count: 0 }:
                    sb.Append(" []\n");
                    break;
                case FileList list:
                    sb.Append('\n');
                    YamlItems(sb, list, indent + Indent);
                    break;
                default:
                    sb.Append(YamlScalar(value, leadingSpace: true)).Append('\n');
                    break;
            }
        }
    }

    private void YamlItems(StringBuilder sb, FileList list, int indent)
    {
        foreach (var item in list.Items)
        {
            if (item is FileMap { Entries.Count: > 0 } map)
            {
                // The map is written one level deeper, then its first line's indentation becomes the dash.
                var inner = new StringBuilder();
                YamlEntries(inner, new FileMap(map.Entries, secret: false), indent + 2);
                sb.Append(' ', indent).Append("- ").Append(inner.ToString(indent + 2, inner.Length - indent - 2));
            }
            else if (item is FileMap or FileList)
            {
                sb.Append(' ', indent).Append(item is FileMap ? "- {}\n" : "- []\n");
            }
            else
            {
                sb.Append(' ', indent).Append('-').Append(YamlScalar(item, leadingSpace: true)).Append('\n');
            }
        }
    }

    private static string YamlScalar(FileValue value, bool leadingSpace)
    {
        var text = value switch
        {
            FileDelete => "!delete",
            FileScalar { Secret: true, Yaml.Length: 0 } => "!secret",
            FileScalar { Secret: true } s => "!secret " + s.Yaml,
            FileScalar s => s.Yaml,
            _ => throw new InvalidOperationException("not a scalar"),
        };
        return text.Length == 0 || !leadingSpace ? text : " " + text;
    }

    private string RenderJson()
    {
        var sb = new StringBuilder();
        sb.Append('\n', HeaderLines);
        Json(sb, Root, 0);
        sb.Append('\n');
        if (TrailingComment)
        {
            sb.Append('\n');
        }

        return sb.ToString();
    }

    private void Json(StringBuilder sb, FileValue value, int indent)
    {
        switch (value)
        {
            case FileMap map when map.Entries.Count > 0:
                sb.Append("{\n");
                for (var i = 0; i < map.Entries.Count; i++)
                {
                    sb.Append(' ', indent + Indent).Append('"').Append(map.Entries[i].Key).Append("\": ");
                    Json(sb, map.Entries[i].Value, indent + Indent);
                    sb.Append(i < map.Entries.Count - 1 ? ",\n" : "\n");
                }

                sb.Append(' ', indent).Append('}');
                break;
            case FileMap:
                sb.Append("{}");
                break;
            case FileList list when list.Items.Count > 0:
                sb.Append("[\n");
                for (var i = 0; i < list.Items.Count; i++)
                {
                    sb.Append(' ', indent + Indent);
                    Json(sb, list.Items[i], indent + Indent);
                    sb.Append(i < list.Items.Count - 1 ? ",\n" : "\n");
                }

                sb.Append(' ', indent).Append(']');
                break;
            case FileList:
                sb.Append("[]");
                break;
            case FileScalar s:
                sb.Append(s.Json);
                break;
            default:
                sb.Append("null");
                break;
        }
    }
}
