using System.Runtime.CompilerServices;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Secrets;

/// <summary>
/// The clear texts of the secret values of a tree, for masking them wherever they appear in text (messages, errors).
/// A value is secret when tagged <c>!secret</c> or below a key that matches a secret pattern. A snapshot's texts are
/// computed once per redactor and kept per top-level entry, so the next version, given this one, walks only the
/// entries it does not share with it. The texts are kept on the snapshot itself, so they go when it goes.
/// </summary>
internal static class SecretTexts
{
    /// <summary>The distinct secret texts of <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="redactor">Decides what is secret.</param>
    /// <param name="previous">The version before it, whose texts are reused for the top-level entries both share; null when none.</param>
    public static string[] Of(ConfigSnapshot snapshot, SecretRedactor redactor, ConfigSnapshot? previous = null)
    {
        var entry = EntryOf(snapshot);
        lock (entry)
        {
            if (!ReferenceEquals(entry.Redactor, redactor))
            {
                (entry.Texts, entry.Sections) = Collect(snapshot.Root, redactor, SectionsOf(previous, redactor));
                entry.Redactor = redactor;
            }

            return entry.Texts;
        }
    }

    /// <summary>
    /// Adds the text of every secret value under <paramref name="node"/> to <paramref name="into"/>;
    /// <paramref name="secretPath"/> says a key above it matches a secret pattern. Keys are checked once each, on the
    /// way down, and no path is built.
    /// </summary>
    /// <param name="node">The subtree.</param>
    /// <param name="secretPath">True when a key above <paramref name="node"/> matches a secret pattern.</param>
    /// <param name="redactor">Decides what is secret.</param>
    /// <param name="into">Receives the texts.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Collect(ConfigNode node, bool secretPath, SecretRedactor redactor, HashSet<string> into)
    {
        switch (node)
        {
            case ConfigScalar scalar:
                if ((secretPath || scalar.IsSecret) && scalar.AsText() is { Length: > 0 } text)
                {
                    into.Add(text);
                }

                return;
            case ConfigMap map:
                foreach (var (key, child) in map.Entries)
                {
                    Collect(child, secretPath || redactor.IsSecretKey(key), redactor, into);
                }

                return;
            case ConfigSequence seq:
                // A list tagged secret makes its scalar items secret; maps and lists in it are judged by the keys above them.
                foreach (var item in seq.Items)
                {
                    Collect(item, secretPath || (seq.IsSecret && item is ConfigScalar), redactor, into);
                }

                return;
        }
    }

    /// <summary>The previous version's root and the texts of its top-level entries, when computed with the same redactor.</summary>
    private static (ConfigMap Root, SectionTexts Sections)? SectionsOf(ConfigSnapshot? previous, SecretRedactor redactor)
    {
        if (previous is null || Volatile.Read(ref previous.SecretTexts) is not SnapshotEntry entry)
        {
            return null;
        }

        lock (entry)
        {
            return ReferenceEquals(entry.Redactor, redactor) ? (previous.Root, entry.Sections) : null;
        }
    }

    private static SnapshotEntry EntryOf(ConfigSnapshot snapshot)
    {
        ref var slot = ref snapshot.SecretTexts;
        if (Volatile.Read(ref slot) is SnapshotEntry entry)
        {
            return entry;
        }

        var created = new SnapshotEntry();
        return Interlocked.CompareExchange(ref slot, created, null) as SnapshotEntry ?? created;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (string[] Texts, SectionTexts Sections) Collect(ConfigMap root, SecretRedactor redactor, (ConfigMap Root, SectionTexts Sections)? previous)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var positions = new List<int>();
        var texts = new List<string[]>();
        var entries = root.Entries;
        for (var i = 0; i < entries.Length; i++)
        {
            var (key, child) = entries[i];
            string[] section;

            // An entry the previous version has in the same place, same key, same node, has the same texts.
            if (previous is var (before, kept) && i < before.Count && ReferenceEquals(before[i].Value, child)
                && string.Equals(before[i].Key, key, StringComparison.Ordinal))
            {
                section = kept.At(i);
            }
            else
            {
                var collected = new HashSet<string>(StringComparer.Ordinal);
                Collect(child, redactor.IsSecretKey(key), redactor, collected);
                section = collected.Count == 0 ? [] : [.. collected];
            }

            if (section.Length > 0)
            {
                positions.Add(i);
                texts.Add(section);
                found.UnionWith(section);
            }
        }

        return ([.. found], new SectionTexts([.. positions], [.. texts]));
    }

    /// <summary>The texts of the top-level entries that have any, by position (most have none, and cost nothing here).</summary>
    private sealed record SectionTexts(int[] Positions, string[][] Texts)
    {
        public static SectionTexts None { get; } = new([], []);

        public string[] At(int position) => Positions.Length > 0 && Array.BinarySearch(Positions, position) is var at and >= 0 ? Texts[at] : [];
    }

    private sealed class SnapshotEntry
    {
        public SecretRedactor? Redactor { get; set; }

        public string[] Texts { get; set; } = [];

        public SectionTexts Sections { get; set; } = SectionTexts.None;
    }
}
