using System.IO.Compression;
using System.Xml.Linq;
using Strata.Testing;
using Xunit.Abstractions;

namespace Strata.Cli.Tests.Packaging;

/// <summary>
/// Packs the four packages into a folder feed and uses them the way a team would: installs the strata tool
/// and runs it, and builds a console project that restores Strata.Extensions.Configuration from the feed.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackageFeedTests(ITestOutputHelper log)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(6);

    private static readonly string[] Packages = ["Strata", "Strata.Extensions.Configuration", "Strata.Etcd", "Strata.Dashboard", "Strata.Cli"];

    [Fact]
    public async Task Packed_tool_runs_and_packed_library_restores_into_a_consumer_project()
    {
        using var temp = new TempDirectory("strata-pack-");
        var root = TempDirectory.RepositoryRoot;
        var feed = Path.Combine(temp.Path, "feed");

        // A version no earlier run used, so restore can only find this run's packages, never a cached copy.
        var version = "1.0.0-ci.g" + Guid.NewGuid().ToString("N")[..12];

        // The packages are built apart from the repository's bin and obj folders (--artifacts-path), so a
        // run never disturbs the build under test. Analyzers already ran in that build and do not change
        // the binaries, so this build skips them.
        var solution = temp.Write("pack.slnx", "<Solution>" + string.Concat(Packages.Select(p =>
            $"<Project Path=\"{Path.Combine(root, "src", p, p + ".csproj")}\" />")) + "</Solution>");
        var pack = await Dotnet(temp.Path, "pack", solution, "-c", "Release", "-o", feed, "-p:Version=" + version,
            "--artifacts-path", Path.Combine(temp.Path, "artifacts"), "-p:RunAnalyzers=false", "--disable-build-servers");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        foreach (var package in Packages)
        {
            Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.nupkg")), $"{package} was not packed{Environment.NewLine}{pack}");
            Assert.True(File.Exists(Path.Combine(feed, $"{package}.{version}.snupkg")), $"{package} has no symbols package{Environment.NewLine}{pack}");
        }

        foreach (var package in Packages)
        {
            The_package_carries_its_metadata_and_dependency_floors(feed, package, version);
        }

        try
        {
            await The_tool_installs_and_runs(temp, feed, version, root);
            await A_consumer_project_reads_a_value_through_IConfiguration(temp, feed, version, root);
        }
        finally
        {
            RemoveFromGlobalPackagesFolder(version);
        }
    }

    /// <summary>The consumer's restore copies this run's packages into the global packages folder; they are never used again.</summary>
    private static void RemoveFromGlobalPackagesFolder(string version)
    {
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var package in Packages)
        {
            var folder = Path.Combine(cache, package.ToLowerInvariant(), version);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static void The_package_carries_its_metadata_and_dependency_floors(string feed, string package, string version)
    {
        using var zip = ZipFile.OpenRead(Path.Combine(feed, $"{package}.{version}.nupkg"));
        Assert.NotNull(zip.GetEntry("README.md"));
        Assert.NotNull(zip.GetEntry("LICENSE"));
        using var stream = zip.GetEntry(package + ".nuspec")!.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
        Assert.Equal("MIT", Value("license"));
        Assert.Equal("README.md", Value("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Value("description")), package);
        Assert.False(string.IsNullOrWhiteSpace(Value("tags")), package);
        Assert.StartsWith("https://", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")!.Value, StringComparison.Ordinal);

        // A library must not force its consumers onto a newer Microsoft.Extensions patch than the first 10.0 release.
        var extensions = metadata.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Where(e => e.Attribute("id")!.Value.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Select(e => $"{e.Attribute("id")!.Value} {e.Attribute("version")!.Value}")
            .ToList();
        Assert.All(extensions, dependency => Assert.EndsWith(" 10.0.0", dependency, StringComparison.Ordinal));
    }

    private async Task The_tool_installs_and_runs(TempDirectory temp, string feed, string version, string root)
    {
        var tools = Path.Combine(temp.Path, "tools");
        var install = await Dotnet(temp.Path, "tool", "install", "Strata.Cli", "--tool-path", tools, "--add-source", feed, "--version", version);
        Assert.True(install.ExitCode == 0, install.ToString());
        var strata = Path.Combine(tools, OperatingSystem.IsWindows() ? "strata.exe" : "strata");

        var versionRun = await Run(strata, temp.Path, "--version");
        Assert.True(versionRun.ExitCode == 0, versionRun.ToString());
        Assert.True(versionRun.Output.StartsWith(version, StringComparison.Ordinal), versionRun.ToString());

        var help = await Run(strata, temp.Path, "--help");
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.True(help.Output.Contains("  strata [command] [options]", StringComparison.Ordinal), help.ToString());

        var show = await Run(strata, temp.Path, "show", Path.Combine(root, "samples", "config"));
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.True(show.Output.Contains("simulation_id: farm-simulation", StringComparison.Ordinal), show.ToString());
    }

    private async Task A_consumer_project_reads_a_value_through_IConfiguration(TempDirectory temp, string feed, string version, string root)
    {
        // Stubs stop MSBuild and NuGet from looking above the consumer's folder for settings.
        temp.Write("consumer/Directory.Build.props", "<Project />");
        temp.Write("consumer/Directory.Packages.props", "<Project />");
        temp.Write("consumer/nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        var project = temp.Write("consumer/Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="Strata.Extensions.Configuration" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        temp.Write("consumer/Program.cs", """
            using Microsoft.Extensions.Configuration;

            var configuration = new ConfigurationBuilder()
                .AddStrata(args[0], options => options.Environment = "testing")
                .Build();
            Console.WriteLine("redis:port=" + configuration["redis:port"]);
            (configuration as IDisposable)?.Dispose();
            """);

        var output = Path.Combine(temp.Path, "consumer", "out");
        var build = await Dotnet(Path.Combine(temp.Path, "consumer"), "build", project, "-c", "Release", "-o", output, "--disable-build-servers");
        Assert.True(build.ExitCode == 0, build.ToString());

        var run = await Dotnet(temp.Path, Path.Combine(output, "Consumer.dll"), Path.Combine(root, "samples", "config"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(run.Output.Contains("redis:port=6380", StringComparison.Ordinal), run.ToString());
    }

    private Task<ProcessResult> Dotnet(string workingDirectory, params string[] arguments) => Run("dotnet", workingDirectory, arguments);

    /// <summary>Runs a step and logs how long it took, so a slow step shows in the test output.</summary>
    private async Task<ProcessResult> Run(string fileName, string workingDirectory, params string[] arguments)
    {
        var started = TimeProvider.System.GetTimestamp();
        var result = await ProcessRunner.RunAsync(fileName, arguments, workingDirectory, StepTimeout);
        log.WriteLine($"{TimeProvider.System.GetElapsedTime(started).TotalSeconds,6:F1} s  {result.Command}");
        return result;
    }
}
