using System.Diagnostics;
using System.Text;
using CsCheck;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

public class JsonFuzzTests
{
    /// <summary>The sample configuration (samples/config/base.yaml) written as JSON, with comments and escapes.</summary>
    private const string Sample = """
        // Global layer: every environment and agent starts from these values.
        {
          "config_version": "2.1",
          "simulation_id": "farm-simulation",
          "max_steps": 1000,
          "seed": 42,
          "environment": { "width": 100, "height": 100, "wrap_around": false },
          "population": {
            "system_agents": 10,
            "max_population": 300,
            "agent_ratios": { "system_agent": 0.4, "independent_agent": 0.4, "control_agent": 0.2 }
          },
          /* learning rates */
          "learning": { "learning_rate": 0.001, "gamma": 0.95, "epsilon_decay": 9.95e-1, "memory_size": 10000 },
          "curriculum_phases": [
            { "name": "foraging", "steps": 100, "enabled_actions": ["move", "gather"] },
            { "name": "full", "steps": -1, "enabled_actions": ["move", "gather", "share", "attack", "reproduce"] }
          ],
          "database": { "path": "simulation.db", "journal_mode": "WAL", "note": "caf\u00e9 \"quoted\" \\ tab\t \ud83d\ude00 ünïcødé" },
          "redis": { "host": "localhost", "port": 6379, "password": "${REDIS_PASSWORD:-}", "decode_responses": true, "db": null },
          "visualization": { "canvas_size": [400, 400], "padding": 20, },
        }
        """;

    private static readonly byte[] SampleBytes = Encoding.UTF8.GetBytes(Sample);

    private static readonly byte[][] Insertions =
    [
        "{"u8.ToArray(), "}"u8.ToArray(), "["u8.ToArray(), "]"u8.ToArray(), ":"u8.ToArray(), ","u8.ToArray(),
        "\""u8.ToArray(), "\\"u8.ToArray(), "\t"u8.ToArray(), [0], [0xFF], [0xEF, 0xBB, 0xBF], [0xC3], [0xE9],
        "\\uD800"u8.ToArray(), "\\uDC00"u8.ToArray(), "/*"u8.ToArray(), "//"u8.ToArray(), "\n"u8.ToArray(),
        "1e400"u8.ToArray(), "99999999999999999999"u8.ToArray(), "-0"u8.ToArray(), "\"k\":"u8.ToArray(),
        Encoding.UTF8.GetBytes(new string('[', 100)), Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 100))),
    ];

    private sealed record Mutation(int Kind, double Where, int Payload, int Length);

    private static readonly Gen<Mutation> OneMutation =
        Gen.Select(Gen.Int[0, 4], Gen.Double[0, 1], Gen.Int[0, Insertions.Length - 1], Gen.Int[1, 16], (k, w, p, l) => new Mutation(k, w, p, l));

    private static readonly Gen<byte[]> Mutated = OneMutation.Array[1, 6].Select(mutations =>
    {
        var bytes = new List<byte>(SampleBytes);
        foreach (var m in mutations)
        {
            var at = (int)(m.Where * bytes.Count);
            switch (m.Kind)
            {
                case 0:
                    if (at < bytes.Count)
                    {
                        bytes[at] ^= (byte)(1 << (m.Length % 8));
                    }

                    break;
                case 1:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case 2:
                    bytes.RemoveRange(at, Math.Min(m.Length, bytes.Count - at));
                    break;
                default:
                    bytes.InsertRange(at, Insertions[m.Payload]);
                    break;
            }
        }

        return bytes.ToArray();
    });

    private static void ParsesOrFailsAtAPlaceInTheInput(byte[] input, ParserLimits limits)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            JsonConfigParser.Parse(input, "fuzz.json", LayerKind.Global, limits);
        }
        catch (ConfigurationLoadException ex)
        {
            var lines = input.AsSpan().Count((byte)'\n') + 1;
            foreach (var error in ex.Errors)
            {
                Assert.Equal("fuzz.json", error.File);
                Assert.InRange(error.Line, 1, lines);
                var line = Encoding.UTF8.GetString(input).Split('\n')[error.Line - 1];
                Assert.InRange(error.Column, 1, line.Length + 1);
                Assert.False(error.Message.Contains('\n', StringComparison.Ordinal) || error.Message.Length > 300, error.ToString());
            }
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public void The_sample_parses()
    {
        var map = JsonConfigParser.Parse(SampleBytes, "fuzz.json", LayerKind.Global);

        Assert.Equal(11, map.Count);
    }

    [Fact]
    public void Random_bytes_parse_or_fail_with_a_location_inside_the_input()
    {
        var bytes = Gen.OneOf(Gen.Byte.Array[0, 64], Gen.Byte.Array[0, 1024], Gen.OneOf("{}[]\":,\\ tfnu0123456789.eE-+/*\n\r"u8.ToArray()).Array[0, 256]);

        bytes.Sample(input => ParsesOrFailsAtAPlaceInTheInput(input, ParserLimits.Default), iter: 3000);
    }

    [Fact]
    public void Mutations_of_a_real_document_parse_or_fail_with_a_location_inside_the_input()
    {
        Gen.Select(Mutated, Gen.Bool).Sample(
            (input, unlimited) => ParsesOrFailsAtAPlaceInTheInput(input, unlimited ? new ParserLimits { MaxDepth = ParserLimits.DepthCeiling } : ParserLimits.Default),
            iter: 3000);
    }
}
