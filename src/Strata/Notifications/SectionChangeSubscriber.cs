using System.Diagnostics.CodeAnalysis;
using Strata.Model;
using Strata.Snapshots;

namespace Strata.Notifications;

/// <summary>
/// A typed section callback: binds the section from the old and the new snapshot and calls back only when the bound value
/// changed. Value types, strings, records and other <see cref="IEquatable{T}"/> types are compared with their own equality;
/// other types by their section subtrees (<see cref="ConfigNode.ValueEquals"/>). Notifications without both snapshots
/// (the first load) do not call back.
/// </summary>
internal sealed class SectionChangeSubscriber<T> : IUnredactedSubscriber, IDelegateSubscriber
{
    private static readonly bool ValueEquality = typeof(T).IsValueType || typeof(IEquatable<T>).IsAssignableFrom(typeof(T));

    private readonly ConfigPath _section;
    private readonly Action<T?, T?> _callback;

    public SectionChangeSubscriber(ConfigPath section, Action<T?, T?> callback)
    {
        _section = section;
        _callback = callback;
    }

    public Delegate Callback => _callback;

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "OnChange<T> carries RequiresUnreferencedCode for its callers.")]

    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "OnChange<T> carries RequiresDynamicCode for its callers.")]
    public void HandleNotification(ReloadNotification notification)
    {
        if (notification.OldSnapshot is not { } oldSnapshot || notification.NewSnapshot is not { } newSnapshot)
        {
            return;
        }

        oldSnapshot.TryGetNode(_section.Text, out var oldNode);
        newSnapshot.TryGetNode(_section.Text, out var newNode);
        if (ReferenceEquals(oldNode, newNode) || (oldNode is not null && oldNode.ValueEquals(newNode)))
        {
            return;
        }

        var oldValue = oldNode is null ? default : ConfigBinder.Bind<T>(oldNode, _section);
        var newValue = newNode is null ? default : ConfigBinder.Bind<T>(newNode, _section);
        if (ValueEquality && EqualityComparer<T?>.Default.Equals(oldValue, newValue))
        {
            return;
        }

        _callback(oldValue, newValue);
    }
}
