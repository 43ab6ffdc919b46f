using System.Diagnostics;
using System.Text;
using CsCheck;
using Strata.Model;
using Strata.Sources;

namespace Strata.Tests.Sources;

/// <summary>
/// Random and mutated YAML: the parser returns a map or a <see cref="ConfigurationLoadException"/>
/// whose errors point inside the input, never another exception, and each input is read quickly.
/// </summary>
public class YamlFuzzTests
{
    private static readonly TimeSpan PerInput = TimeSpan.FromSeconds(10);

    private static readonly byte[][] Samples =
    [
        .. new[] { "base.yaml" }
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.SampleConfig, "agents"), "*.yaml"))
            .Concat(Directory.GetFiles(Path.Combine(TestPaths.SampleConfig, "environments"), "*.yaml"))
            .Select(f => File.ReadAllBytes(Path.Combine(TestPaths.SampleConfig, f))),
    ];

    private static readonly byte[][] Insertions =
    [
        .. new[]
        {
            "{", "}", "[", "]", ":", ",", "\"", "\\", "\t", "\0", "'", "#", "-", "? ", "|", ">", "\n", "\r", " ",
            "&a ", "*a", "*b", "!tag ", "!!int ", "!!str ", "!secret ", "!delete ", "! ", "!<%zz> ", "%YAML 1.2\n---\n",
            "---\n", "...\n", "\uFEFF", "\u2028", "\u0085", "0xFFFFFFFFFFFFFFFF", "0o-7", "1e400", "\"\\uD800\"",
        }.Select(Encoding.UTF8.GetBytes),
        [0xFF],
        [0xEF, 0xBB, 0xBF],
        [0xC3],
        Encoding.UTF8.GetBytes(new string('[', 200)),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{a: ", 100))),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 80).Select(i => "\n" + new string(' ', i) + "k:"))),
        Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("- ", 100))),
    ];

    private static readonly Gen<Func<byte[], byte[]>> Mutation = Gen.OneOf(
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Byte[1, 255]).Select(p => (Func<byte[], byte[]>)(b => Flip(b, p.Item1, p.Item2))),
        Gen.Int[0, int.MaxValue].Select(p => (Func<byte[], byte[]>)(b => b[..(b.Length == 0 ? 0 : p % b.Length)])),
        Gen.Select(Gen.Int[0, int.MaxValue], Gen.Int[0, Insertions.Length - 1]).Select(p => (Func<byte[], byte[]>)(b => Insert(b, p.Item1, Insertions[p.Item2]))));

    private static readonly Gen<byte[]> Mutated =
        Gen.Select(Gen.Int[0, Samples.Length - 1], Mutation.Array[1, 6])
            .Select(p => p.Item2.Aggregate(Samples[p.Item1], (bytes, mutate) => mutate(bytes)));

    private static byte[] Flip(byte[] bytes, int at, byte mask)
    {
        if (bytes.Length == 0)
        {
            return bytes;
        }

        var copy = (byte[])bytes.Clone();
        copy[at % copy.Length] ^= mask;
        return copy;
    }

    private static byte[] Insert(byte[] bytes, int at, byte[] what)
    {
        var position = bytes.Length == 0 ? 0 : at % (bytes.Length + 1);
        return [.. bytes[..position], .. what, .. bytes[position..]];
    }

    // A map, or errors that each point at a line and column of the input.
    private static bool ReadsOrFailsInside(byte[] bytes)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            ConfigFileParser.Parse(bytes, "base.yaml", LayerKind.Global);
        }
        catch (ConfigurationLoadException ex)
        {
            var text = Encoding.UTF8.GetString(bytes);
            var lines = text.Split(["\r\n", "\n", "\r", "\u0085", "\u2028", "\u2029"], StringSplitOptions.None);
            var longest = lines.Max(l => l.Length);
            foreach (var error in ex.Errors)
            {
                Assert.True(error.Line >= 1 && error.Column >= 1, $"{error} is before the input");
                Assert.True(error.Line <= lines.Length && error.Column <= longest + 1, $"{error} is past the input ({lines.Length} lines)");
            }
        }

        Assert.True(clock.Elapsed < PerInput, $"reading took {clock.Elapsed}");
        return true;
    }

    [Fact]
    public void Random_bytes_read_or_fail_with_located_errors()
    {
        Gen.Byte.Array[0, 300].Sample(ReadsOrFailsInside, iter: 3000);
    }

    [Fact]
    public void Random_yaml_characters_read_or_fail_with_located_errors()
    {
        Gen.Char["{}[]:,\"'\\\t\n\r #-?|>&*!%.abc0x1eE+\uFEFF"].Array[0, 120]
            .Select(chars => Encoding.UTF8.GetBytes(chars))
            .Sample(ReadsOrFailsInside, iter: 5000);
    }

    [Fact]
    public void Mutated_sample_files_read_or_fail_with_located_errors()
    {
        Mutated.Sample(ReadsOrFailsInside, iter: 3000);
    }
}
