using System.Runtime.CompilerServices;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Secrets;

/// <summary>
/// The clear texts of the secret values of a tree, for masking them wherever they appear in text (messages, errors).
/// A value is secret when tagged <c>!secret</c> or below a key that matches a secret pattern. A snapshot's texts are
/// computed once per redactor, and those of each top-level section are remembered with the section's node: a new
/// version walks only the sections it does not share with the versions before it.
/// </summary>
internal static class SecretTexts
{
    private static readonly ConditionalWeakTable<ConfigSnapshot, SnapshotEntry> Snapshots = new();
    private static readonly ConditionalWeakTable<ConfigNode, SectionEntry> Sections = new();

    /// <summary>The distinct secret texts of <paramref name="snapshot"/>.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <param name="redactor">Decides what is secret.</param>
    public static string[] Of(ConfigSnapshot snapshot, SecretRedactor redactor)
    {
        var entry = Snapshots.GetValue(snapshot, static _ => new SnapshotEntry());
        lock (entry)
        {
            if (!ReferenceEquals(entry.Redactor, redactor))
            {
                entry.Texts = Collect(snapshot.Root, redactor);
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

    private static string[] Collect(ConfigMap root, SecretRedactor redactor)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, child) in root.Entries)
        {
            if (child is ConfigScalar)
            {
                Collect(child, redactor.IsSecretKey(key), redactor, found);
                continue;
            }

            // A section's texts depend on its node, its key and the redactor; versions that share the node share them.
            var section = Sections.GetValue(child, static _ => new SectionEntry());
            lock (section)
            {
                if (!ReferenceEquals(section.Redactor, redactor) || !string.Equals(section.Key, key, StringComparison.Ordinal))
                {
                    var texts = new HashSet<string>(StringComparer.Ordinal);
                    Collect(child, redactor.IsSecretKey(key), redactor, texts);
                    section.Texts = texts.Count == 0 ? [] : [.. texts];
                    section.Key = key;
                    section.Redactor = redactor;
                }

                found.UnionWith(section.Texts);
            }
        }

        return [.. found];
    }

    private sealed class SnapshotEntry
    {
        public SecretRedactor? Redactor { get; set; }

        public string[] Texts { get; set; } = [];
    }

    private sealed class SectionEntry
    {
        public SecretRedactor? Redactor { get; set; }

        public string? Key { get; set; }

        public string[] Texts { get; set; } = [];
    }
}
