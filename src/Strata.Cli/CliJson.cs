using System.Text.Json.Serialization;

namespace Strata.Cli;

/// <summary>Source-generated JSON contracts for simple CLI output.</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class CliJson : JsonSerializerContext;
