namespace Strata.Compare.Support;

/// <summary>What a run was: the command line, the mode, the seed and the machine.</summary>
internal sealed record RunInfo(string Command, bool Quick, int Seed, string Machine, DateTimeOffset Started);
