using System.Globalization;
using System.Text;

namespace Strata.Notifications;

/// <summary>A point-in-time view of a <see cref="ConfigurationNotificationManager"/>'s counters.</summary>
public sealed record NotificationStatistics
{
    /// <summary>Notifications published.</summary>
    public long Sent { get; init; }

    /// <summary>Deliveries that succeeded, over all channels.</summary>
    public long Delivered { get; init; }

    /// <summary>Deliveries that threw, over all channels.</summary>
    public long Failed { get; init; }

    /// <summary>Notifications lost to full queues, over all channels.</summary>
    public long Dropped { get; init; }

    /// <summary>Asynchronous deliveries that exceeded the async timeout.</summary>
    public long TimedOut { get; init; }

    /// <summary>Deliveries that filters turned away.</summary>
    public long Filtered { get; init; }

    /// <summary>Notifications waiting now, over all queues (the Queue channel included).</summary>
    public int QueueDepth { get; init; }

    /// <summary>Per enabled channel, summed over its subscribers (removed ones included).</summary>
    public IReadOnlyDictionary<NotificationChannel, NotificationDeliveryStatistics> Channels { get; init; } =
        new Dictionary<NotificationChannel, NotificationDeliveryStatistics>();

    /// <summary>Per active subscriber, built-in channels included.</summary>
    public IReadOnlyList<NotificationDeliveryStatistics> Subscribers { get; init; } = [];

    /// <summary>
    /// One readable line: the totals, then each enabled channel with its non-zero counters, e.g. <c>sent 12, delivered 23,
    /// failed 1, dropped 0, timed out 0, filtered 0, queued 0, 3 subscribers; log: 12 delivered; callback: 11 delivered, 1 failed</c>.
    /// </summary>
    public override string ToString()
    {
        var sb = new StringBuilder(160);
        sb.Append(CultureInfo.InvariantCulture, $"sent {Sent}, delivered {Delivered}, failed {Failed}, dropped {Dropped}, timed out {TimedOut}, filtered {Filtered}, queued {QueueDepth}, ")
            .Append(CultureInfo.InvariantCulture, $"{Subscribers.Count} subscriber{(Subscribers.Count == 1 ? string.Empty : "s")}");
        foreach (var channel in Channels.Values.OrderBy(c => c.Channel))
        {
            sb.Append("; ").Append(channel.Name).Append(':');
            var parts = new (long Count, string Name)[]
            {
                (channel.Delivered, "delivered"), (channel.Failed, "failed"), (channel.Dropped, "dropped"),
                (channel.TimedOut, "timed out"), (channel.Filtered, "filtered"), (channel.QueueDepth, "queued"),
            }.Where(p => p.Count != 0).ToList();
            if (parts.Count == 0)
            {
                sb.Append(" idle");
            }

            sb.AppendJoin(',', parts.Select(p => string.Create(CultureInfo.InvariantCulture, $" {p.Count} {p.Name}")));
        }

        return sb.ToString();
    }
}
