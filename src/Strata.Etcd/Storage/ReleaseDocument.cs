using System.Text.Json;
using System.Text.Json.Serialization;

namespace Strata.Etcd.Storage;

/// <summary>The JSON stored at a release key and at the current-release key.</summary>
internal sealed class ReleaseDocument
{
    [JsonPropertyName("release")]
    public long Release { get; set; }

    [JsonPropertyName("hash")]
    public string Hash { get; set; } = string.Empty;

    [JsonPropertyName("author")]
    public string Author { get; set; } = string.Empty;

    [JsonPropertyName("time")]
    public DateTimeOffset Time { get; set; }

    [JsonPropertyName("message")]
    public string Message { get; set; } = string.Empty;

    [JsonPropertyName("files")]
    public SortedDictionary<string, string> Files { get; set; } = new(StringComparer.Ordinal);

    [JsonPropertyName("rolledBackFrom")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? RolledBackFrom { get; set; }

    public static byte[] Serialize(EtcdRelease release)
    {
        var document = new ReleaseDocument
        {
            Release = release.Number,
            Hash = release.ContentHash,
            Author = release.Author,
            Time = release.Time,
            Message = release.Message,
            RolledBackFrom = release.RolledBackFrom,
        };
        foreach (var (path, hash) in release.Files)
        {
            document.Files[path] = hash;
        }

        return JsonSerializer.SerializeToUtf8Bytes(document, ReleaseJsonContext.Default.ReleaseDocument);
    }

    /// <summary>Reads a release record; null when the value is not one (written by something else).</summary>
    public static EtcdRelease? TryParse(ReadOnlySpan<byte> json, long revision)
    {
        try
        {
            var document = JsonSerializer.Deserialize(json, ReleaseJsonContext.Default.ReleaseDocument);
            return document is null || document.Release <= 0
                ? null
                : new EtcdRelease(document.Release, document.Hash, document.Author, document.Time, document.Message, document.Files, document.RolledBackFrom, revision);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
