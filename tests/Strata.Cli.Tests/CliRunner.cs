using System.Text;

namespace Strata.Cli.Tests;

/// <summary>Runs the whole CLI in process with captured streams.</summary>
internal static class CliRunner
{
    public static string RepositoryRoot => Strata.Testing.TempDirectory.RepositoryRoot;

    public static string SampleConfig => Strata.Testing.TempDirectory.SampleConfig;

    public static Task<(int Exit, string Out, string Error)> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Copies a directory tree (links are followed, so the copy holds real files).</summary>
    public static void CopyTree(string source, string target) => Strata.Testing.TempDirectory.CopyTree(source, target);

    public static async Task<(int Exit, string Out, string Error)> RunAsync(string[] args, IReadOnlyDictionary<string, string>? variables)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var context = new CliContext(stdout, stderr, new StringReader(string.Empty), variables ?? new Dictionary<string, string>(), Color: false);
        var exit = await StrataCli.RunAsync(args, context);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}

/// <summary>A writer whose lines can be awaited, for long-running verbs such as watch.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly StringBuilder _partial = new();
    private readonly Lock _gate = new();
    private readonly System.Threading.Channels.Channel<string> _lines = System.Threading.Channels.Channel.CreateUnbounded<string>();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (value == '\n')
            {
                _lines.Writer.TryWrite(_partial.ToString().TrimEnd('\r'));
                _partial.Clear();
            }
            else
            {
                _partial.Append(value);
            }
        }
    }

    /// <summary>Waits for the next line that matches, skipping the others.</summary>
    public async Task<string> WaitFor(Func<string, bool> match, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = await _lines.Reader.ReadAsync(cts.Token);
            if (match(line))
            {
                return line;
            }
        }
    }
}

/// <summary>Standard input fed line by line by the test.</summary>
internal sealed class LineReader : TextReader
{
    private readonly System.Threading.Channels.Channel<string?> _lines = System.Threading.Channels.Channel.CreateUnbounded<string?>();

    public void Send(string? line) => _lines.Writer.TryWrite(line);

    public override ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken) => _lines.Reader.ReadAsync(cancellationToken);
}
