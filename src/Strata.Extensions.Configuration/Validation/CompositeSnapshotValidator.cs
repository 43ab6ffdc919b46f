using Strata.Extensions.Configuration.Binding;
using Strata.Model;
using Strata.Snapshots;
using Strata.Validation;

namespace Strata.Extensions.Configuration.Validation;

/// <summary>
/// The validate stage of a shared runtime: first that every value has a configuration key of its own (a candidate
/// <c>IConfiguration</c> cannot show is refused, and nothing else is checked on it), then the validator given in the
/// manager's options, then every validator a service provider attached (options validation of <c>AddStrataOptions</c>,
/// registered <see cref="IConfigSnapshotValidator"/>s).
/// Attaching is copy-on-write, so a reload in progress keeps the list it started with.
/// </summary>
internal sealed class CompositeSnapshotValidator(IConfigSnapshotValidator? inner) : IConfigSnapshotValidator
{
    private IConfigSnapshotValidator[] _attached = [];

    public IReadOnlyList<IConfigSnapshotValidator> Attached => Volatile.Read(ref _attached);

    /// <summary>Adds validators; dispose the result to remove them again.</summary>
    /// <param name="validators">The validators.</param>
    public IDisposable Attach(IEnumerable<IConfigSnapshotValidator> validators)
    {
        IConfigSnapshotValidator[] added = [.. validators.Where(v => !ReferenceEquals(v, this))];
        Update(current => [.. current, .. added]);
        return new Registration(this, added);
    }

    public IReadOnlyList<ConfigurationError> Validate(ConfigSnapshot snapshot)
    {
        try
        {
            CandidateConfiguration.For(snapshot);
        }
        catch (ConfigurationLoadException ex)
        {
            return ex.Errors;
        }

        var errors = new List<ConfigurationError>();
        if (inner is not null)
        {
            errors.AddRange(inner.Validate(snapshot));
        }

        foreach (var validator in Volatile.Read(ref _attached))
        {
            try
            {
                errors.AddRange(validator.Validate(snapshot));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                errors.Add(new ConfigurationError(string.Empty, 0, 0, string.Empty, $"validator {validator.GetType().Name} failed: {ex.Message}"));
            }
        }

        return errors;
    }

    private void Update(Func<IConfigSnapshotValidator[], IConfigSnapshotValidator[]> change)
    {
        IConfigSnapshotValidator[] before, after;
        do
        {
            before = Volatile.Read(ref _attached);
            after = change(before);
        }
        while (!ReferenceEquals(Interlocked.CompareExchange(ref _attached, after, before), before));
    }

    private sealed class Registration(CompositeSnapshotValidator owner, IConfigSnapshotValidator[] added) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Update(current => [.. current.Where(v => !added.Contains(v))]);
            }
        }
    }
}
