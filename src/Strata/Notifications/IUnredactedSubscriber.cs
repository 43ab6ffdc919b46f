namespace Strata.Notifications;

/// <summary>Marks Strata's own subscribers that need the notification as published (typed section callbacks bind the snapshots).</summary>
internal interface IUnredactedSubscriber : INotificationSubscriber;
