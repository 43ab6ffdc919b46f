namespace Strata.Tests.Reload;

/// <summary>What one edit of a layer stack does.</summary>
internal enum EditKind
{
    SetValue,
    AddKey,
    DeleteKey,
    RewriteFile,
    AddFragment,
    RemoveFragment,
    MoveLines,
    Reindent,
    TrailingComment,
    ToggleSecret,
    Reorder,
    SwitchBaseFormat,
    Break,
    Respell,
    Clash,
    Shadow,
    Undelete,
}

/// <summary>
/// One edit. <see cref="A"/> and <see cref="B"/> pick a file, an entry, a key or a variant modulo what exists when the
/// edit is applied; <see cref="Value"/> and <see cref="Tree"/> are what is written.
/// </summary>
internal sealed record LayerEdit(EditKind Kind, int A, int B, FileValue Value, FileMap Tree)
{
    public override string ToString() => Kind switch
    {
        EditKind.SetValue or EditKind.AddKey or EditKind.Undelete => $"{Kind}({A},{B}: {Value})",
        EditKind.RewriteFile or EditKind.AddFragment => $"{Kind}({A},{B}: {Tree})",
        _ => $"{Kind}({A},{B})",
    };
}

/// <summary>
/// The files of a config directory as the test means them to be, and what is on disk. Edits change the model (or,
/// for <see cref="EditKind.Break"/>, write something broken straight to disk); <see cref="Sync"/> writes every file
/// whose text changed, deletes what the model no longer has, and so also repairs whatever was broken, except what was
/// broken since the last sync: a break survives the sync of its own step and is repaired by the next.
/// </summary>
internal sealed class LayerStack
{
    public const string Environment = "staging";
    public const string AgentName = "worker";

    public static readonly string[] FragmentNames = ["base.d/10-a.yaml", "base.d/20-b.yml", "base.d/30-c.json", "environments/staging.d/10-x.yaml", "agents/worker.d/10-y.yaml"];

    private readonly Dictionary<string, string> _onDisk = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _touched = new(StringComparer.Ordinal);
    private readonly HashSet<string> _broken = new(StringComparer.Ordinal);

    /// <summary>Relative path to file, in name order.</summary>
    public SortedDictionary<string, LayerFileModel> Files { get; } = new(StringComparer.Ordinal);

    private string BasePath => Files.ContainsKey("base.json") ? "base.json" : "base.yaml";

    /// <summary>Writes changed files and deletes files the model does not have, leaving alone files broken since the last sync.</summary>
    public void Sync(string directory)
    {
        foreach (var (path, file) in Files)
        {
            var text = file.Render(path);
            if (!_broken.Contains(path) && (!_onDisk.TryGetValue(path, out var old) || old != text))
            {
                Write(directory, path, text);
            }
        }

        foreach (var path in _onDisk.Keys.Where(p => !Files.ContainsKey(p) && !_broken.Contains(p)).ToList())
        {
            File.Delete(Path.Combine(directory, path));
            _onDisk.Remove(path);
            _touched.Add(path);
        }

        _broken.Clear();
    }

    /// <summary>
    /// The files written, created or deleted since the last call, relative to the directory with <c>/</c> separators,
    /// in name order: what file events would report. A file written and then deleted again is in it too.
    /// </summary>
    public IReadOnlyList<string> TakeTouched()
    {
        string[] touched = [.. _touched];
        _touched.Clear();
        return touched;
    }

    /// <summary>Applies one edit to the model (and, for a break, to the disk).</summary>
    public void Apply(LayerEdit edit, string directory)
    {
        var paths = Files.Keys.ToList();
        var path = paths[Pick(edit.A, paths.Count)];
        var file = Files[path];
        switch (edit.Kind)
        {
            case EditKind.SetValue when MapEntries(file.Root) is { Count: > 0 } entries:
                var (map, index) = entries[Pick(edit.B, entries.Count)];
                map.Entries[index] = new(map.Entries[index].Key, edit.Value.Clone());
                break;
            case EditKind.SetValue or EditKind.AddKey:
                var maps = Maps(file.Root);
                var target = maps[Pick(edit.B, maps.Count)];
                // A key that clashes by case is added rarely.
                var key = edit.B % 20 == 0 ? LayerStackGenerators.Clashing[Pick(edit.B / 20, 2)] : LayerStackGenerators.Keys[Pick(edit.B / 7, LayerStackGenerators.Keys.Length)];
                var at = target.Entries.FindIndex(e => e.Key == key);
                if (at >= 0)
                {
                    target.Entries[at] = new(key, edit.Value.Clone());
                }
                else
                {
                    target.Entries.Insert(Pick(edit.A / 3, target.Entries.Count + 1), new(key, edit.Value.Clone()));
                }

                break;
            case EditKind.DeleteKey when MapEntries(file.Root) is { Count: > 0 } entries:
                var (owner, gone) = entries[Pick(edit.B, entries.Count)];
                owner.Entries.RemoveAt(gone);
                break;
            case EditKind.RewriteFile:
                file.Root = (FileMap)edit.Tree.Clone();
                break;
            case EditKind.AddFragment:
                var fragment = FragmentNames[Pick(edit.B, FragmentNames.Length)];
                Files[fragment] = new LayerFileModel((FileMap)edit.Tree.Clone()) { HeaderLines = edit.A % 3 };
                break;
            case EditKind.RemoveFragment when paths.Where(p => p.Contains(".d/", StringComparison.Ordinal)).ToList() is { Count: > 0 } fragments:
                Files.Remove(fragments[Pick(edit.B, fragments.Count)]);
                break;
            case EditKind.MoveLines:
                file.HeaderLines = edit.B % 2 == 0 ? file.HeaderLines + 1 + (edit.B % 3) : Math.Max(0, file.HeaderLines - 1);
                break;
            case EditKind.Reindent:
                file.Indent = file.Indent == 2 ? 4 : 2;
                break;
            case EditKind.TrailingComment:
                file.TrailingComment = !file.TrailingComment;
                break;
            case EditKind.ToggleSecret when Toggleable(file.Root) is { Count: > 0 } toggles:
                switch (toggles[Pick(edit.B, toggles.Count)])
                {
                    case FileScalar s:
                        s.Secret = !s.Secret;
                        break;
                    case FileMap m:
                        m.Secret = !m.Secret;
                        break;
                }

                break;
            case EditKind.Reorder:
                var reordered = Maps(file.Root);
                reordered[Pick(edit.B, reordered.Count)].Entries.Reverse();
                break;
            case EditKind.SwitchBaseFormat:
                var from = BasePath;
                var moved = Files[from];
                Files.Remove(from);
                Files[from == "base.yaml" ? "base.json" : "base.yaml"] = moved;
                break;
            case EditKind.Respell when MapEntries(file.Root).Where(e => e.Map.Entries[e.Index].Value is FileScalar).ToList() is { Count: > 0 } scalars:
                // Every scalar with another spelling of its value takes it; with none, one scalar takes a new value that has one.
                var respelled = 0;
                foreach (var (holder, slot) in scalars)
                {
                    var old = (FileScalar)holder.Entries[slot].Value;
                    if (LayerStackGenerators.Respellings.FirstOrDefault(p => p.First.Yaml == old.Yaml || p.Second.Yaml == old.Yaml) is ({ } first, { } second))
                    {
                        var other = first.Yaml == old.Yaml ? second : first;
                        holder.Entries[slot] = new(holder.Entries[slot].Key, new FileScalar(other.Yaml, other.Json, old.Secret));
                        respelled++;
                    }
                }

                if (respelled == 0)
                {
                    var (holder, slot) = scalars[Pick(edit.B, scalars.Count)];
                    var fresh = LayerStackGenerators.Respellings[Pick(edit.A, LayerStackGenerators.Respellings.Length)].First;
                    holder.Entries[slot] = new(holder.Entries[slot].Key, new FileScalar(fresh.Yaml, fresh.Json, ((FileScalar)holder.Entries[slot].Value).Secret));
                }

                break;
            case EditKind.Clash when MapEntries(file.Root) is { Count: > 0 } entries:
                // Next to an existing key, the same key with its first letter upper-cased.
                var (into, next) = entries[Pick(edit.B, entries.Count)];
                var original = into.Entries[next].Key;
                var clash = char.ToUpperInvariant(original[0]) + original[1..];
                if (!into.Entries.Exists(e => e.Key == clash))
                {
                    into.Entries.Insert(next + 1, new(clash, edit.Value.Clone()));
                }

                break;
            case EditKind.Shadow when Shadowable() is { Count: > 0 } shadowable:
                // A top-level key that a lower and a higher layer file also have becomes !delete, so the higher one brings it back at the end.
                var (shadowing, hidden) = shadowable[Pick(edit.B, shadowable.Count)];
                shadowing.Entries[hidden] = new(shadowing.Entries[hidden].Key, new FileDelete());
                break;
            case EditKind.Undelete when Files.Values.SelectMany(f => f.Root.Entries.Select((e, i) => (f.Root, i)).Where(d => d.Root.Entries[d.i].Value is FileDelete)).ToList() is { Count: > 0 } deleted:
                // A top-level !delete, in whichever file has one, takes a value: the key goes back to where the lower layers have it.
                var (restoring, place) = deleted[Pick(edit.B, deleted.Count)];
                restoring.Entries[place] = new(restoring.Entries[place].Key, edit.Value is FileDelete ? new FileScalar("1", "1", false) : edit.Value.Clone());
                break;
            case EditKind.Break:
                Break(edit.B, path, file, directory);
                break;
        }
    }

    /// <summary>Writes something likely invalid: a syntax error, a second base file, an unresolved reference or keys differing only in case.</summary>
    private void Break(int variant, string path, LayerFileModel file, string directory)
    {
        var json = path.EndsWith(".json", StringComparison.Ordinal);
        var text = file.Render(path);
        var secondBase = BasePath == "base.json" ? "base.yml" : "base.json";
        _broken.Add(variant % 4 == 1 ? secondBase : path);
        switch (variant % 4)
        {
            case 0:
                Write(directory, path, json ? text + "{" : text + "broken: [\n");
                break;
            case 1:
                Write(directory, secondBase, "{\"zz\": 1}\n");
                break;
            case 2:
                Write(directory, path, json ? "{\"zz_broken\": \"${no.such.key}\"}\n" : text + "zz_broken: ${no.such.key}\n");
                break;
            default:
                Write(directory, path, json ? "{\"DB\": 1, \"db\": 2}\n" : text + "DB: 1\n");
                break;
        }
    }

    private void Write(string directory, string relative, string text)
    {
        var full = Path.Combine(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        _onDisk[relative] = text;
        _touched.Add(relative);
    }

    private static int Pick(int value, int count) => count == 0 ? 0 : (int)((uint)value % (uint)count);

    /// <summary>Every (map, entry index) reachable from the root through maps only.</summary>
    private static List<(FileMap Map, int Index)> MapEntries(FileMap root)
    {
        var result = new List<(FileMap, int)>();
        foreach (var map in Maps(root))
        {
            for (var i = 0; i < map.Entries.Count; i++)
            {
                result.Add((map, i));
            }
        }

        return result;
    }

    /// <summary>The root and every map reachable from it through maps only.</summary>
    private static List<FileMap> Maps(FileMap root)
    {
        var result = new List<FileMap> { root };
        for (var i = 0; i < result.Count; i++)
        {
            result.AddRange(result[i].Entries.Select(e => e.Value).OfType<FileMap>());
        }

        return result;
    }

    /// <summary>Top-level entries (not deletes) whose key a lower layer file and a higher layer file also have at the top level.</summary>
    private List<(FileMap Map, int Index)> Shadowable()
    {
        var layers = Files.OrderBy(f => LayerRank(f.Key)).ThenBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Value.Root).ToList();
        var result = new List<(FileMap, int)>();
        for (var l = 1; l < layers.Count - 1; l++)
        {
            for (var i = 0; i < layers[l].Entries.Count; i++)
            {
                var key = layers[l].Entries[i].Key;
                if (layers[l].Entries[i].Value is not FileDelete && layers.Take(l).Any(m => HasKey(m, key)) && layers.Skip(l + 1).Any(m => HasKey(m, key)))
                {
                    result.Add((layers[l], i));
                }
            }
        }

        return result;
    }

    private static bool HasKey(FileMap map, string key) => map.Entries.Exists(e => e.Key == key);

    /// <summary>Where a file's layer comes in the merge: base, its fragments, environment, its fragments, agent, its fragments.</summary>
    private static int LayerRank(string path) => path switch
    {
        "base.yaml" or "base.json" => 0,
        _ when path.StartsWith("base.d/", StringComparison.Ordinal) => 1,
        _ when path.StartsWith("environments/", StringComparison.Ordinal) => path.Contains(".d/", StringComparison.Ordinal) ? 3 : 2,
        _ => path.Contains(".d/", StringComparison.Ordinal) ? 5 : 4,
    };

    /// <summary>Scalars and maps whose <c>!secret</c> tag can be toggled without changing any value.</summary>
    private static List<FileValue> Toggleable(FileMap root) =>
        [.. Maps(root).SelectMany(m => m.Entries.Select(e => e.Value)).Where(v => v is FileScalar or FileMap)];
}
