using BenchmarkDotNet.Running;

namespace Strata.Benchmarks.Reads;

/// <summary>
/// Read-path benchmarks, Strata against Microsoft.Extensions.Configuration over the same three JSON layers.
/// Run: <c>dotnet run -c Release --project bench/Strata.Benchmarks.Reads -- --filter '*'</c>
/// (any BenchmarkDotNet arguments work; <c>bench/Strata.Compare read</c> runs and summarizes it).
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
