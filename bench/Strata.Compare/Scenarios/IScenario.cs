using Strata.Compare.Support;

namespace Strata.Compare.Scenarios;

/// <summary>One head-to-head scenario: runs both systems and returns the rows it measured.</summary>
internal interface IScenario
{
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<ResultRow>> RunAsync(ScenarioContext context);
}

/// <summary>Settings shared by every scenario of one run.</summary>
internal sealed record ScenarioContext(bool Quick, int Seed, string RepositoryRoot, TextWriter Log, IReadOnlyDictionary<string, string> Options)
{
    public int IntOption(string name, int quick, int full) =>
        Options.TryGetValue(name, out var text) && int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : Quick ? quick : full;
}
