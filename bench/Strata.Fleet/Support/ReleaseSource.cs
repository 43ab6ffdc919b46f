using System.Globalization;
using System.Text.RegularExpressions;
using Strata.Etcd;
using Strata.Etcd.Publishing;
using Strata.Hierarchy;

namespace Strata.Fleet.Support;

/// <summary>
/// A copy of <c>samples/config</c> in a temporary directory whose <c>base.yaml</c> ends with a marker line,
/// <c>fleet_release: N</c>; each measured release rewrites the marker, so every release changes one file and any
/// watcher can tell which release it sees by reading one key.
/// </summary>
internal sealed partial class ReleaseSource : IDisposable
{
    public const string MarkerKey = "fleet_release";

    private readonly DirectoryInfo _work;
    private readonly string _baseText;

    public ReleaseSource()
    {
        var sample = FindSamples();
        _work = Directory.CreateTempSubdirectory("strata-fleet-");
        foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(_work.FullName, System.IO.Path.GetRelativePath(sample, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }

        _baseText = File.ReadAllText(System.IO.Path.Combine(sample, "base.yaml"));
    }

    /// <summary>The directory to publish.</summary>
    public string Path => _work.FullName;

    /// <summary>A publisher for one prefix; it validates without the publisher's environment variables.</summary>
    public static EtcdPublisher CreatePublisher(string endpoints, string prefix) =>
        new(new EtcdOptions { Prefix = prefix, RequestTimeout = TimeSpan.FromSeconds(60) }.WithEndpoints(endpoints))
        {
            ValidationOptions = new EnvironmentConfigOptions { EnvironmentVariablePrefix = null, EnvironmentVariables = new Dictionary<string, string>() },
        };

    /// <summary>Rewrites the marker in <c>base.yaml</c>.</summary>
    public void Write(long release) =>
        File.WriteAllText(System.IO.Path.Combine(_work.FullName, "base.yaml"), _baseText.TrimEnd() + string.Create(CultureInfo.InvariantCulture, $"\n{MarkerKey}: {release}\n"));

    /// <summary>Writes the marker and publishes it in one go (for the release every fleet starts from).</summary>
    public async Task PublishAsync(EtcdPublisher publisher, long release)
    {
        Write(release);
        await publisher.PublishAsync(_work.FullName, "fleet-bench", $"release {release}");
    }

    /// <summary>The marker in the text of <c>base.yaml</c>, as a bare watch client reads it; null when absent.</summary>
    public static long? ParseMarker(string baseYaml) =>
        MarkerPattern().Match(baseYaml) is { Success: true } match ? long.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture) : null;

    public void Dispose() => _work.Delete(recursive: true);

    /// <summary>samples/config of the repository holding the working directory or, failing that, this program.</summary>
    private static string FindSamples()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "Strata.slnx")))
            {
                dir = dir.Parent;
            }

            if (dir is not null)
            {
                return System.IO.Path.Combine(dir.FullName, "samples", "config");
            }
        }

        throw new InvalidOperationException("run from the repository (samples/config is needed)");
    }

    [GeneratedRegex(@"^fleet_release: (\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex MarkerPattern();
}
