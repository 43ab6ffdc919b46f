using Strata.Compare.Support;

namespace Strata.Compare.Faults;

/// <summary>
/// A seeded script of steps and the code that plays it against one config file, <c>base.json</c>, in a
/// directory both systems watch at the same time. The file is a regular file, or — after a
/// <see cref="FaultKind.SymlinkSwap"/> — a Kubernetes ConfigMap projection: <c>base.json</c> →
/// <c>..data/base.json</c>, <c>..data</c> → <c>..&lt;timestamp&gt;</c>. Any other step first turns the
/// projection back into a regular file with the same content (a content-identical change no system
/// should report).
/// </summary>
internal sealed class FaultScript(string directory, GroundTruth truth)
{
    private static readonly (FaultKind Kind, int Weight)[] Weights =
    [
        (FaultKind.ValidInPlace, 22),
        (FaultKind.ValidRenameOver, 12),
        (FaultKind.TruncateThenWrite, 11),
        (FaultKind.PartialWrite, 11),
        (FaultKind.Malformed, 10),
        (FaultKind.DeleteThenRecreate, 9),
        (FaultKind.SymlinkSwap, 13),
        (FaultKind.SchemaInvalid, 12),
    ];

    private readonly string _file = Path.Combine(directory, "base.json");
    private bool _projected;
    private int _stamp;

    public string File => _file;

    public static List<FaultStep> Generate(int seed, int steps, int minDwellMs, int maxDwellMs)
    {
        var random = new Random(seed);
        var total = Weights.Sum(w => w.Weight);
        var list = new List<FaultStep>(steps);
        for (var i = 0; i < steps; i++)
        {
            var pick = random.Next(total);
            var kind = Weights[^1].Kind;
            foreach (var (k, w) in Weights)
            {
                if (pick < w)
                {
                    kind = k;
                    break;
                }

                pick -= w;
            }

            list.Add(new FaultStep(i, kind, 1000 + i, PauseMs: 5 + random.Next(250), DwellMs: minDwellMs + random.Next(maxDwellMs - minDwellMs + 1), Cut: 0.2 + (random.NextDouble() * 0.6)));
        }

        return list;
    }

    /// <summary>Writes the initial valid version (generation 1).</summary>
    public void Initialize()
    {
        truth.Register(1);
        System.IO.File.WriteAllBytes(_file, FaultContent.Json(1));
        truth.Completed(1);
    }

    public async Task PlayAsync(FaultStep step, CancellationToken cancellationToken)
    {
        var g = step.Generation;
        if (step.Kind != FaultKind.SymlinkSwap)
        {
            Unproject();
        }

        if (step.EndsValid)
        {
            truth.Register(g);
        }

        var bytes = step.EndsValid ? FaultContent.Json(g) : step.Kind == FaultKind.Malformed ? FaultContent.Malformed(g) : FaultContent.Json(g, schemaValid: false);
        switch (step.Kind)
        {
            case FaultKind.ValidInPlace:
            case FaultKind.Malformed:
            case FaultKind.SchemaInvalid:
                truth.Superseding();
                FileOps.WriteInPlace(_file, bytes);
                break;
            case FaultKind.ValidRenameOver:
                truth.Superseding();
                FileOps.RenameOver(_file, bytes);
                break;
            case FaultKind.TruncateThenWrite:
                truth.Superseding();
                using (new FileStream(_file, FileMode.Truncate, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                }

                await Task.Delay(step.PauseMs, cancellationToken).ConfigureAwait(false);
                using (var stream = new FileStream(_file, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                    stream.Write(bytes);
                }

                break;
            case FaultKind.PartialWrite:
                truth.Superseding();
                using (var stream = new FileStream(_file, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
                {
                    var cut = (int)(bytes.Length * step.Cut);
                    stream.Write(bytes, 0, cut);
                    stream.Flush(flushToDisk: false);
                    await Task.Delay(step.PauseMs, cancellationToken).ConfigureAwait(false);
                    stream.Write(bytes, cut, bytes.Length - cut);
                }

                break;
            case FaultKind.DeleteThenRecreate:
                truth.Superseding();
                System.IO.File.Delete(_file);
                await Task.Delay(step.PauseMs, cancellationToken).ConfigureAwait(false);
                FileOps.WriteInPlace(_file, bytes);
                break;
            case FaultKind.SymlinkSwap:
                await SwapAsync(bytes, cancellationToken).ConfigureAwait(false);
                break;
        }

        if (step.EndsValid)
        {
            truth.Completed(g);
        }

        await Task.Delay(step.DwellMs, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What <c>kubelet</c> does: write the new files into a fresh timestamped directory, point a temporary link at it, rename the link over <c>..data</c>, remove the old directory.</summary>
    private async Task SwapAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        if (!_projected)
        {
            // First projection: the same content, moved behind ..data (content-identical, not an update).
            var current = System.IO.File.ReadAllBytes(_file);
            var first = NewTimestampDirectory(current);
            Directory.CreateSymbolicLink(Path.Combine(directory, "..data"), Path.GetFileName(first));
            var link = Path.Combine(directory, ".base.json.link");
            System.IO.File.CreateSymbolicLink(link, "..data/base.json");
            FileOps.Rename(link, _file);
            _projected = true;
            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        var old = Path.Combine(directory, new FileInfo(Path.Combine(directory, "..data")).LinkTarget!);
        var fresh = NewTimestampDirectory(bytes);
        var temp = Path.Combine(directory, "..data_tmp");
        Directory.CreateSymbolicLink(temp, Path.GetFileName(fresh));
        truth.Superseding();
        FileOps.Rename(temp, Path.Combine(directory, "..data"));
        Directory.Delete(old, recursive: true);
    }

    /// <summary>Turns a projection back into a regular file with the same content.</summary>
    private void Unproject()
    {
        if (!_projected)
        {
            return;
        }

        var current = System.IO.File.ReadAllBytes(_file);
        FileOps.RenameOver(_file, current);
        var data = Path.Combine(directory, "..data");
        var target = Path.Combine(directory, new FileInfo(data).LinkTarget!);
        System.IO.File.Delete(data);
        Directory.Delete(target, recursive: true);
        _projected = false;
    }

    private string NewTimestampDirectory(byte[] content)
    {
        var dir = Path.Combine(directory, $"..2026_01_01_00_00_{_stamp++:D6}");
        Directory.CreateDirectory(dir);
        System.IO.File.WriteAllBytes(Path.Combine(dir, "base.json"), content);
        return dir;
    }

    public static string Describe(IEnumerable<FaultStep> steps) =>
        string.Join(", ", steps.GroupBy(s => s.Kind).OrderBy(g => g.Key).Select(g => $"{g.Key} {g.Count()}"));
}
