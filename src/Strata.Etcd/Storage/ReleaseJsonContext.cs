using System.Text.Json.Serialization;

namespace Strata.Etcd.Storage;

/// <summary>Source-generated JSON contract for release records.</summary>
[JsonSerializable(typeof(ReleaseDocument))]
internal sealed partial class ReleaseJsonContext : JsonSerializerContext;
