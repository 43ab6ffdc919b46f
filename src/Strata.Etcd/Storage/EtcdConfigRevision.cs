using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Mvccpb;
using Strata.Etcd.Rollouts;

namespace Strata.Etcd.Storage;

/// <summary>
/// An immutable copy of the configuration under a prefix as of one etcd revision: every file, the current release
/// and the rollout record. During a staged rollout an instance in an open wave serves a copy whose files and release
/// are those of the release rolling out (read from the history) rather than the live files. Watchers replace the whole copy per watch response, so a reader holds one release or the next,
/// never half of one.
/// </summary>
public sealed class EtcdConfigRevision
{
    internal EtcdConfigRevision(string prefix, long revision, EtcdRelease? release, ImmutableSortedDictionary<string, EtcdConfigFile> files, long currentKeyRevision = 0, EtcdRollout? rollout = null)
    {
        Prefix = prefix;
        Revision = revision;
        Release = release;
        FileMap = files;
        CurrentKeyRevision = currentKeyRevision;
        Rollout = rollout;
    }

    /// <summary>The prefix, without a trailing slash.</summary>
    public string Prefix { get; }

    /// <summary>The etcd revision this copy reflects: every change up to it is in, none after it.</summary>
    public long Revision { get; }

    /// <summary>The current release record, or null when nothing was published with Strata (or it was removed).</summary>
    public EtcdRelease? Release { get; }

    /// <summary>The rollout record at <c>{prefix}/rollout</c>, or null when no release was ever staged there.</summary>
    public EtcdRollout? Rollout { get; }

    /// <summary>The files by path relative to the config directory (<c>/</c> separators), sorted.</summary>
    public IReadOnlyDictionary<string, EtcdConfigFile> Files => FileMap;

    internal ImmutableSortedDictionary<string, EtcdConfigFile> FileMap { get; }

    /// <summary>The mod revision of the current-release key (0 when absent), which a publish expects unchanged.</summary>
    internal long CurrentKeyRevision { get; }

    /// <summary>Why this instance serves the live files although its wave of a rollout is open: the release could not be read from the history.</summary>
    internal string? ServingError { get; private init; }

    /// <summary>Builds a copy from file contents held in memory (for validating a release before it is written, and for tests).</summary>
    /// <param name="prefix">The prefix the files would live under.</param>
    /// <param name="files">Contents by relative path.</param>
    public static EtcdConfigRevision FromFiles(string prefix, IEnumerable<KeyValuePair<string, byte[]>> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var builder = ImmutableSortedDictionary.CreateBuilder<string, EtcdConfigFile>(StringComparer.Ordinal);
        foreach (var (path, content) in files)
        {
            builder[path] = new EtcdConfigFile(content, 0);
        }

        return new EtcdConfigRevision(EtcdKeyLayout.NormalizePrefix(prefix), 0, null, builder.ToImmutable());
    }

    /// <summary>Looks up a file.</summary>
    /// <param name="relativePath">The path relative to the config directory.</param>
    /// <param name="file">The file when found.</param>
    public bool TryGetFile(string relativePath, [MaybeNullWhen(false)] out EtcdConfigFile file) => FileMap.TryGetValue(relativePath, out file);

    internal static EtcdConfigRevision Read(EtcdKeyLayout layout, long revision, IEnumerable<KeyValue> kvs)
    {
        var builder = ImmutableSortedDictionary.CreateBuilder<string, EtcdConfigFile>(StringComparer.Ordinal);
        EtcdRelease? release = null;
        EtcdRollout? rollout = null;
        long currentKeyRevision = 0;
        foreach (var kv in kvs)
        {
            var key = kv.Key.ToStringUtf8();
            if (key == layout.Current)
            {
                release = ReleaseDocument.TryParse(kv.Value.Span, kv.ModRevision);
                currentKeyRevision = kv.ModRevision;
            }
            else if (key == layout.Rollout)
            {
                rollout = RolloutJson.TryParse(kv.Value.Span, kv.ModRevision);
            }
            else if (layout.RelativePathOf(key) is { } relative)
            {
                builder[relative] = new EtcdConfigFile(kv.Value.ToByteArray(), kv.ModRevision);
            }
        }

        return new EtcdConfigRevision(layout.Prefix, revision, release, builder.ToImmutable(), currentKeyRevision, rollout);
    }

    /// <summary>Applies the events of one watch response; <paramref name="changed"/> receives the files they touched.</summary>
    internal EtcdConfigRevision Apply(EtcdKeyLayout layout, IEnumerable<Event> events, ICollection<string> changed)
    {
        var files = FileMap.ToBuilder();
        var release = Release;
        var rollout = Rollout;
        var currentKeyRevision = CurrentKeyRevision;
        var revision = Revision;
        foreach (var e in events)
        {
            var key = e.Kv.Key.ToStringUtf8();
            revision = Math.Max(revision, e.Kv.ModRevision);
            var put = e.Type == Event.Types.EventType.Put;
            if (key == layout.Current)
            {
                release = put ? ReleaseDocument.TryParse(e.Kv.Value.Span, e.Kv.ModRevision) : null;
                currentKeyRevision = put ? e.Kv.ModRevision : 0;
            }
            else if (key == layout.Rollout)
            {
                rollout = put ? RolloutJson.TryParse(e.Kv.Value.Span, e.Kv.ModRevision) : null;
            }
            else if (layout.RelativePathOf(key) is { } relative)
            {
                if (put)
                {
                    files[relative] = new EtcdConfigFile(e.Kv.Value.ToByteArray(), e.Kv.ModRevision);
                }
                else
                {
                    files.Remove(relative);
                }

                changed.Add(relative);
            }
        }

        return new EtcdConfigRevision(Prefix, revision, release, files.ToImmutable(), currentKeyRevision, rollout);
    }

    /// <summary>
    /// This copy serving another release's files instead of the live ones (an instance in an open wave of a staged
    /// rollout): same revision and rollout record, the given release and files.
    /// </summary>
    internal EtcdConfigRevision Serving(EtcdRelease release, ImmutableSortedDictionary<string, EtcdConfigFile> files) =>
        new(Prefix, Revision, release, files, CurrentKeyRevision, Rollout);

    /// <summary>This copy, served because the rolling-out release could not be read: <paramref name="error"/> says why.</summary>
    internal EtcdConfigRevision WithServingError(string error) =>
        new(Prefix, Revision, Release, FileMap, CurrentKeyRevision, Rollout) { ServingError = error };

    /// <summary>The same content, known to be current as of a later revision (a progress notification).</summary>
    internal EtcdConfigRevision AtRevision(long revision) =>
        revision <= Revision ? this : new EtcdConfigRevision(Prefix, revision, Release, FileMap, CurrentKeyRevision, Rollout);

    /// <summary>The files whose presence or content differs between this copy and <paramref name="other"/>.</summary>
    internal List<string> DifferentFiles(EtcdConfigRevision other)
    {
        var changed = new List<string>();
        foreach (var (path, file) in FileMap)
        {
            if (!other.FileMap.TryGetValue(path, out var theirs) || !file.Content.Span.SequenceEqual(theirs.Content.Span))
            {
                changed.Add(path);
            }
        }

        changed.AddRange(other.FileMap.Keys.Where(p => !FileMap.ContainsKey(p)));
        return changed;
    }
}
