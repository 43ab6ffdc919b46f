namespace Strata.Notifications;

/// <summary>A subscriber that wraps an application delegate, so <see cref="ConfigurationNotificationManager.Unsubscribe"/> can find it by that delegate.</summary>
internal interface IDelegateSubscriber
{
    /// <summary>The wrapped delegate.</summary>
    Delegate Callback { get; }
}
