using CsCheck;
using Strata.Notifications;
using static Strata.Tests.Notifications.NotificationTestData;

namespace Strata.Tests.Notifications;

public sealed class NotificationOrderingPropertyTests
{
    /// <summary>
    /// For any interleaving of publishes, subscriptions and unsubscriptions: a subscriber still active at the end receives
    /// exactly what was published while it was subscribed, in order; one that left receives an in-order prefix of that
    /// (what was still queued when it left may be discarded, nothing after it is delivered).
    /// </summary>
    [Fact]
    public void Every_subscriber_sees_what_was_published_while_it_was_subscribed_in_order()
    {
        Gen.Int[0, 9].Array[1, 80].Sample(
            ops =>
            {
                var options = new NotificationOptions
                {
                    EnabledChannels = new HashSet<NotificationChannel> { NotificationChannel.Callback, NotificationChannel.AsyncCallback },
                    MaxQueueSize = 1000,
                    ShutdownTimeout = TimeSpan.Zero,
                };
                using var manager = new ConfigurationNotificationManager(options);
                var subscribers = new List<(object Recorder, NotificationSubscription Subscription, List<long> Expected, bool Left)>();
                var version = 0L;
                foreach (var op in ops)
                {
                    if (op < 5)
                    {
                        version++;
                        manager.Publish(Numbered(version));
                        foreach (var s in subscribers.Where(s => !s.Left))
                        {
                            s.Expected.Add(version);
                        }
                    }
                    else if (op < 8)
                    {
                        if (op == 7)
                        {
                            var recorder = new RecordingAsyncSubscriber();
                            subscribers.Add((recorder, manager.Subscribe(recorder), [], false));
                        }
                        else
                        {
                            var recorder = new RecordingSubscriber();
                            subscribers.Add((recorder, manager.Subscribe(recorder), [], false));
                        }
                    }
                    else
                    {
                        var index = subscribers.FindIndex(s => !s.Left);
                        if (index >= 0)
                        {
                            var s = subscribers[index];
                            s.Subscription.Dispose();
                            subscribers[index] = s with { Left = true };
                        }
                    }
                }

                Assert.True(manager.FlushAsync(Patience).GetAwaiter().GetResult());
                foreach (var (recorder, _, expected, left) in subscribers)
                {
                    var received = recorder is RecordingSubscriber sync ? sync.Versions : ((RecordingAsyncSubscriber)recorder).Versions;
                    if (left)
                    {
                        Assert.Equal(expected.Take(received.Count), received);
                    }
                    else
                    {
                        Assert.Equal(expected, received);
                    }
                }
            },
            iter: 60);
    }
}
