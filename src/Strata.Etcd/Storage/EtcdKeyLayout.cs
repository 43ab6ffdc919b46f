using System.Globalization;
using System.Text;

namespace Strata.Etcd.Storage;

/// <summary>
/// Where things live under a prefix: each config file at <c>{prefix}/{relative path}</c>, the current release at
/// <c>{prefix}/.strata/current</c>, and the history (release records and the file contents they name, stored once
/// per content hash) under <c>{prefix}/.strata/history/</c>, a range that readers of the configuration skip. The
/// instances of the fleet report themselves at <c>{prefix}/instances/{id}</c>, and a staged rollout keeps its record at
/// <c>{prefix}/rollout</c>; neither is configuration.
/// </summary>
internal sealed class EtcdKeyLayout
{
    public const string MetaFolder = ".strata";

    /// <summary>The folder under the prefix where each running instance keeps its record.</summary>
    public const string InstancesFolder = "instances";

    /// <summary>The key under the prefix that holds the rollout record (no extension, so never a config file).</summary>
    public const string RolloutName = "rollout";

    public EtcdKeyLayout(string prefix)
    {
        Prefix = NormalizePrefix(prefix);
        Root = Prefix + "/";
        Current = Root + MetaFolder + "/current";
        History = Root + MetaFolder + "/history/";
        Releases = History + "releases/";
        Blobs = History + "blobs/";
        Instances = Root + InstancesFolder + "/";
        Rollout = Root + RolloutName;
        CurrentBytes = Encoding.UTF8.GetBytes(Current);
        RolloutBytes = Encoding.UTF8.GetBytes(Rollout);
    }

    /// <summary>The prefix without a trailing slash, such as <c>/strata/fleet</c>.</summary>
    public string Prefix { get; }

    /// <summary>The prefix with a trailing slash: every key of the configuration starts with it.</summary>
    public string Root { get; }

    public string Current { get; }

    public string History { get; }

    public string Releases { get; }

    public string Blobs { get; }

    /// <summary>The range of instance records, <c>{prefix}/instances/</c>.</summary>
    public string Instances { get; }

    /// <summary>The rollout record, <c>{prefix}/rollout</c>.</summary>
    public string Rollout { get; }

    /// <summary>The current-release key in UTF-8, as watch events carry it.</summary>
    public byte[] CurrentBytes { get; }

    /// <summary>The rollout record's key in UTF-8, as watch events carry it.</summary>
    public byte[] RolloutBytes { get; }

    public static string NormalizePrefix(string? prefix)
    {
        var trimmed = (prefix ?? string.Empty).Trim().TrimEnd('/');
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("no etcd prefix given; use a key prefix such as /strata/app");
        }

        if (trimmed.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || trimmed.Contains("//", StringComparison.Ordinal))
        {
            throw new ArgumentException($"'{prefix}' is not a usable etcd prefix: no spaces, control characters or empty segments");
        }

        return trimmed;
    }

    public string FileKey(string relativePath) => Root + relativePath;

    public string ReleaseKey(long number) => Releases + number.ToString("D12", CultureInfo.InvariantCulture);

    public string BlobKey(string hash) => Blobs + hash;

    public string InstanceKey(string id) => Instances + id;

    /// <summary>The relative path of a config file key; null for keys outside the prefix, under <c>.strata/</c> or <c>instances/</c>, and the rollout record.</summary>
    public string? RelativePathOf(string key)
    {
        if (!key.StartsWith(Root, StringComparison.Ordinal) || key.Length == Root.Length)
        {
            return null;
        }

        var relative = key[Root.Length..];
        return relative.StartsWith(MetaFolder + "/", StringComparison.Ordinal) || relative.StartsWith(InstancesFolder + "/", StringComparison.Ordinal)
            || relative == RolloutName ? null : relative;
    }

    /// <summary>The source name provenance shows for a file: <c>etcd:/prefix/base.yaml@42</c>.</summary>
    public string SourceName(string relativePath, long modRevision) =>
        modRevision > 0
            ? string.Create(CultureInfo.InvariantCulture, $"etcd:{FileKey(relativePath)}@{modRevision}")
            : "etcd:" + FileKey(relativePath);

    /// <summary>
    /// The key ranges a publish requires unchanged since it read the prefix: everything under the prefix except the
    /// instance records, which running instances rewrite whenever they reload.
    /// </summary>
    public (byte[] Start, byte[] End)[] GuardedRanges() =>
    [
        (Encoding.UTF8.GetBytes(Root), Encoding.UTF8.GetBytes(Instances)),
        (RangeEnd(Instances), RangeEnd(Root)),
    ];

    /// <summary>The smallest key greater than every key starting with <paramref name="prefix"/> (etcd's range end for a prefix).</summary>
    public static byte[] RangeEnd(string prefix)
    {
        var bytes = Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xFF)
            {
                bytes[i]++;
                return bytes[..(i + 1)];
            }
        }

        return [0];
    }
}
