using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace Strata.Compare.Support;

/// <summary>
/// Builds Microsoft.Extensions.Configuration the way an application does: JSON files with
/// <c>reloadOnChange: true</c>, with either the default <c>ReloadDelay</c> (250 ms) or a chosen one.
/// Files are added through <see cref="CountingJsonSource"/>, which counts parses and load errors
/// without changing behaviour.
/// </summary>
internal static class Mec
{
    public const int DefaultReloadDelayMs = 250;

    public static string Describe(int reloadDelayMs) =>
        reloadDelayMs == DefaultReloadDelayMs ? "reloadOnChange, default ReloadDelay 250 ms" : $"reloadOnChange, ReloadDelay = {reloadDelayMs}";

    public static IConfigurationRoot Build(IEnumerable<string> files, bool reloadOnChange, int reloadDelayMs, ParseCounter counter, Func<string, IFileProvider>? fileProvider = null)
    {
        var builder = new ConfigurationBuilder();
        foreach (var file in files)
        {
            var full = Path.GetFullPath(file);
            var source = new CountingJsonSource(counter)
            {
                FileProvider = fileProvider?.Invoke(Path.GetDirectoryName(full)!) ?? new PhysicalFileProvider(Path.GetDirectoryName(full)!),
                Path = Path.GetFileName(full),
                Optional = false,
                ReloadOnChange = reloadOnChange,
                ReloadDelay = reloadDelayMs,
                OnLoadException = context => counter.Error(),
            };
            builder.Add(source);
        }

        return builder.Build();
    }
}

/// <summary>Counts JSON parses and load errors (thread-safe).</summary>
internal sealed class ParseCounter
{
    private long _parses;
    private long _errors;

    public long Parses => Interlocked.Read(ref _parses);

    public long Errors => Interlocked.Read(ref _errors);

    public void Parsed() => Interlocked.Increment(ref _parses);

    public void Error() => Interlocked.Increment(ref _errors);
}

/// <summary>A <see cref="JsonConfigurationSource"/> whose provider counts each parse, and otherwise behaves exactly like the stock one.</summary>
internal sealed class CountingJsonSource(ParseCounter counter) : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new CountingJsonProvider(this, counter);
    }

    private sealed class CountingJsonProvider(JsonConfigurationSource source, ParseCounter counter) : JsonConfigurationProvider(source)
    {
        public override void Load(Stream stream)
        {
            counter.Parsed();
            base.Load(stream);
        }
    }
}
