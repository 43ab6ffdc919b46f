using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Strata.Secrets;
using Strata.Serialization;
using Strata.Snapshots;

namespace Strata.Cli.Commands;

/// <summary>
/// <c>watch --health-cmd CMD</c>: a health check that runs CMD through <c>/bin/sh -c</c> after each applied version,
/// with the effective configuration as JSON on stdin (secrets masked) and <c>STRATA_RELEASE</c> (the etcd release,
/// empty outside etcd) and <c>STRATA_VERSION</c> in its environment. Exit code 0 within 10 seconds is healthy;
/// anything else — another exit code, no answer in time (the command is then killed), a command that cannot start —
/// is unhealthy. What the command prints goes to stderr, so stdout stays the watch output.
/// </summary>
internal static class HealthCommand
{
    /// <summary>How long the command may take before the version counts as unhealthy.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static Func<ConfigSnapshot, CancellationToken, ValueTask<bool>> Create(CliContext context, string command, SecretRedactor redactor, Func<ConfigSnapshot, long?> release) =>
        async (snapshot, cancellationToken) =>
        {
            var verdict = await RunAsync(command, ConfigJsonWriter.ToJson(snapshot.Root, redactor, indented: false), release(snapshot), snapshot.Version, context.Error, cancellationToken).ConfigureAwait(false);
            if (verdict is not null)
            {
                lock (context.Error)
                {
                    context.Error.WriteLine($"health check of version {snapshot.Version.ToString(CultureInfo.InvariantCulture)} failed: {verdict}");
                }
            }

            return verdict is null;
        };

    /// <summary>Runs the command; null when it succeeded, else why it failed, as one line.</summary>
    private static async Task<string?> RunAsync(string command, string json, long? release, long version, TextWriter error, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(command);
        start.Environment["STRATA_RELEASE"] = release?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        start.Environment["STRATA_VERSION"] = version.ToString(CultureInfo.InvariantCulture);

        // The check judges the configuration; it has no business with the credentials of the etcd connection.
        start.Environment.Remove(EtcdCliOptions.PasswordVariable);

        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Forward(error, e.Data);
        process.ErrorDataReceived += (_, e) => Forward(error, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            return "cannot run /bin/sh: " + ex.Message;
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(json.AsMemory(), timeout.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The command exited (or closed stdin) without reading the configuration; its exit code decides.
            }

            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // It exited just now.
            }

            return cancellationToken.IsCancellationRequested
                ? "the watch is stopping"
                : $"no answer within {Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s (the command was killed)";
        }

        return process.ExitCode == 0 ? null : $"exit code {process.ExitCode.ToString(CultureInfo.InvariantCulture)}";
    }

    private static void Forward(TextWriter error, string? line)
    {
        if (line is not null)
        {
            lock (error)
            {
                error.WriteLine("health-cmd: " + line);
            }
        }
    }
}
