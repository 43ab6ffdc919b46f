using Strata.Migration;
using static Strata.Tests.Migration.MigrationTestData;

namespace Strata.Tests.Migration;

public sealed class VersionDetectorTests
{
    private static readonly ConfigurationVersionDetector Detector = new([
        new VersionDetectionRule("1.0", [P("width"), P("learning_rate")], [P("learning")]),
        new VersionDetectionRule("1.1", [P("population")], [P("visualization")]),
    ]);

    [Fact]
    public void An_explicit_config_version_comes_first()
    {
        var detection = Detector.Detect(Yaml("width: 1\nlearning_rate: 2\nconfig_version: \"2.0\"\nversion: \"0.9\""));

        Assert.Equal(("2.0", VersionDetectionMethod.ExplicitKey, "config_version"), (detection.Version, detection.Method, detection.Key));
        Assert.Equal(3, detection.Origin!.Line);
    }

    [Fact]
    public void The_version_key_is_read_when_config_version_is_absent_and_numbers_are_accepted()
    {
        Assert.Equal("1.2", Detector.Detect(Yaml("version: 1.2")).Version);
        Assert.Equal("3", Detector.Detect(Yaml("config_version: 3")).Version);
    }

    [Fact]
    public void Rules_from_the_scripts_come_next()
    {
        var detection = Detector.Detect(Yaml("width: 1\nlearning_rate: 0.1"));
        var blocked = Detector.Detect(Yaml("width: 1\nlearning_rate: 0.1\nlearning: {}"));

        Assert.Equal(("1.0", VersionDetectionMethod.Rule), (detection.Version, detection.Method));
        Assert.Equal(VersionDetectionMethod.Undetermined, blocked.Method);
    }

    [Fact]
    public void The_default_is_used_only_when_configured()
    {
        Assert.Equal(VersionDetectionMethod.Undetermined, Detector.Detect(Yaml("max_steps: 5")).Method);
        Assert.Null(Detector.Detect(Yaml("max_steps: 5")).Version);
        var withDefault = Detector.WithDefault("1.0").Detect(Yaml("max_steps: 5"));
        Assert.Equal(("1.0", VersionDetectionMethod.Default), (withDefault.Version, withDefault.Method));
    }

    [Fact]
    public void An_empty_or_structured_version_key_is_an_error()
    {
        Assert.Equal("config_version must be a version such as \"2.1\", not empty", Detector.Detect(Yaml("config_version:")).Error);
        Assert.Equal("config_version must be a version such as \"2.1\", not a map", Detector.Detect(Yaml("config_version: {a: 1}")).Error);
    }

    [Fact]
    public void Rules_for_different_versions_that_both_match_are_an_error()
    {
        var detection = Detector.Detect(Yaml("width: 1\nlearning_rate: 0.1\npopulation: {}"));

        Assert.NotNull(detection.Error);
        Assert.Contains("matches detection rules for several versions (1.0 at code, 1.1 at code)", detection.Error, StringComparison.Ordinal);
    }
}
