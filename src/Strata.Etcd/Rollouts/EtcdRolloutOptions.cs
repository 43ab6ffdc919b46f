using System.Globalization;

namespace Strata.Etcd.Rollouts;

/// <summary>
/// How a release is staged. Wave targets are cumulative: a number of instances (<c>1</c>) or a share of the instances
/// live when the rollout starts (<c>10%</c>); a last wave of <c>100%</c> is added when the list does not end with it.
/// Without <see cref="Canary"/> and <see cref="Waves"/> a release goes to everyone at once (a one-wave rollout).
/// </summary>
public sealed class EtcdRolloutOptions
{
    /// <summary>The first wave: <c>N</c> instances or <c>N%</c>; null for none.</summary>
    public string? Canary { get; set; }

    /// <summary>The waves after the canary, cumulative: <c>10%</c>, <c>50%</c>, <c>100%</c>.</summary>
    public IList<string> Waves { get; } = [];

    /// <summary>How long each wave must run with every instance applied before the next opens (default: none).</summary>
    public TimeSpan Bake { get; set; }

    /// <summary>How many instances of the open waves may be rejected or unhealthy before the rollout aborts (default 0).</summary>
    public int MaxUnhealthy { get; set; }

    /// <summary>True when more than one wave is asked for.</summary>
    public bool IsStaged => Canary is not null || Waves.Any(w => !IsEveryone(w));

    /// <summary>Checks the targets, the bake time and the threshold.</summary>
    /// <exception cref="ArgumentException">A target is malformed, targets go down, or a number is negative.</exception>
    public void Validate() => _ = Targets();

    /// <summary>Every wave target in order, ending with <c>100%</c>; validated.</summary>
    internal List<string> Targets()
    {
        if (Bake < TimeSpan.Zero)
        {
            throw new ArgumentException("the bake time cannot be negative");
        }

        if (MaxUnhealthy < 0)
        {
            throw new ArgumentException("the number of unhealthy instances tolerated cannot be negative");
        }

        var targets = new List<string>();
        if (Canary is not null)
        {
            targets.Add(Canary.Trim());
        }

        targets.AddRange(Waves.Select(w => w.Trim()));
        double lastPercent = 0;
        foreach (var target in targets)
        {
            if (!TryParse(target, out var count, out var percent))
            {
                throw new ArgumentException($"'{target}' is not a wave size: use a number of instances (1) or a percentage (10%)");
            }

            if (percent is { } p)
            {
                if (p < lastPercent)
                {
                    throw new ArgumentException($"wave sizes are cumulative and cannot go down: {target} after {lastPercent.ToString(CultureInfo.InvariantCulture)}%");
                }

                lastPercent = p;
            }
            else if (count <= 0)
            {
                throw new ArgumentException($"a wave of '{target}' instances is empty; use 1 or more");
            }
        }

        if (targets.Count == 0 || !IsEveryone(targets[^1]))
        {
            targets.Add("100%");
        }

        return targets;
    }

    /// <summary>How many of <paramref name="total"/> instances a target covers (at least one when there are any).</summary>
    internal static int CountOf(string target, int total)
    {
        _ = TryParse(target, out var count, out var percent);
        var n = percent is { } p ? (int)Math.Ceiling((decimal)p * total / 100m) : count;
        return total == 0 ? 0 : Math.Clamp(n, 1, total);
    }

    private static bool IsEveryone(string target) => TryParse(target.Trim(), out _, out var percent) && percent >= 100;

    private static bool TryParse(string target, out int count, out double? percent)
    {
        count = 0;
        percent = null;
        if (target.EndsWith('%'))
        {
            if (double.TryParse(target[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 100)
            {
                percent = p;
                return true;
            }

            return false;
        }

        return int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }
}
