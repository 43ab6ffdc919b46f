using Strata.Migration;
using Strata.Model;
using Strata.Snapshots;
using Strata.Sources;

namespace Strata.Hierarchy;

/// <summary>The read stage: each layer file read, parsed and migrated, or handed on from the last run when it is known unchanged.</summary>
internal sealed partial class ConfigurationPipeline
{
    // What each file of the last run's list gave it, by position, and the positions by relative path.
    private IReadOnlyList<LayerFile>? _slotsFor;
    private LayerSlot[] _slots = [];
    private Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    /// <summary>
    /// Reads the layers of <paramref name="files"/>. In a run given the changed files, over the same list as the last run,
    /// a file not in the change list is handed on from the last run as it was (its layer, and what its migration
    /// reported; or, for an optional file, that it is not there) without looking it up by name; the others are read.
    /// The roots come back with the layers, in order.
    /// </summary>
    private (List<ConfigLayer> Layers, ConfigMap[] Roots) ReadLayers(IReadOnlyList<LayerFile> files, HashSet<string>? changedFiles, PipelineExtensions extensions, PipelineRunState run, List<ConfigurationError> errors, List<string> migrations)
    {
        var sameList = changedFiles is not null && ReferenceEquals(_slotsFor, files);
        var listed = new bool[files.Count];
        if (sameList)
        {
            foreach (var path in changedFiles!)
            {
                if (_positions.TryGetValue(path, out var at))
                {
                    listed[at] = true;
                }
            }
        }

        var slots = new LayerSlot[files.Count];
        var layers = new List<ConfigLayer>(files.Count + 3);
        var roots = new List<ConfigMap>(files.Count);
        for (var i = 0; i < files.Count; i++)
        {
            if (sameList && !listed[i] && _slots[i].Missing)
            {
                // An optional file the last run did not find, and no event since: still not there.
                slots[i] = _slots[i];
                continue;
            }

            if (sameList && !listed[i] && _slots[i] is { Layer: { } kept } slot && ReferenceEquals(slot.MigratedBy, extensions.Migrator))
            {
                slots[i] = slot;
                run.FilesRead.Add(kept.Source);
                if (slot.MigratedBy is not null)
                {
                    ReportMigration(kept.Source, slot.Cached!, errors, migrations);
                }
            }
            else
            {
                var file = files[i];
                run.Reading = file.RelativePath;
                try
                {
                    // A run that listed the files has just seen which are there; one given the changed files has just
                    // seen those.
                    var inList = changedFiles is not null && (sameList ? listed[i] : changedFiles.Contains(file.RelativePath));
                    slots[i] = changedFiles is null && !file.Found
                        ? Absent(file, run, errors)
                        : ReadLayer(file, unchanged: changedFiles is not null && !inList, checkedToExist: inList || changedFiles is null, extensions, run, errors, migrations);
                }
                catch (Exception ex)
                {
                    // One broken file never hides the others: report it and go on.
                    _cache.Remove(file.RelativePath);
                    run.Exceptions.Add(ex);
                    errors.Add(UnexpectedError.For(ex, file.RelativePath));
                }
            }

            if (slots[i].Layer is { } layer)
            {
                layers.Add(layer);
                roots.Add(layer.Root);
            }
        }

        run.Reading = null;
        var distinct = true;
        if (!sameList)
        {
            // The list may differ from the last run's: forget files no longer in it, and index the new one.
            _positions = new Dictionary<string, int>(files.Count, StringComparer.Ordinal);
            for (var i = 0; i < files.Count; i++)
            {
                distinct &= _positions.TryAdd(files[i].RelativePath, i);
            }

            foreach (var stale in _cache.Keys.Where(k => !_positions.ContainsKey(k)).ToList())
            {
                _cache.Remove(stale);
                run.Changed.Add(stale);
            }
        }

        // A list naming a file twice is never handed on by position.
        (_slotsFor, _slots) = (distinct ? files : null, slots);
        return (layers, [.. roots]);
    }

    /// <summary>
    /// Reads, parses (when the bytes changed) and migrates one file; an empty slot when it is absent or has errors. A file
    /// known to be <paramref name="unchanged"/> that the cache holds is not read at all.
    /// </summary>
    private LayerSlot ReadLayer(LayerFile file, bool unchanged, bool checkedToExist, PipelineExtensions extensions, PipelineRunState run, List<ConfigurationError> errors, List<string> migrations)
    {
        var options = _manager.Options;
        if (unchanged && _cache.TryGetValue(file.RelativePath, out var kept) && kept.Kind == file.Kind)
        {
            run.FilesRead.Add(file.RelativePath);
            return Migrate(file, kept, extensions, errors, migrations);
        }

        // A file the run has just seen is not asked about again.
        if (!checkedToExist && !options.FileSystem.FileExists(file.FullPath))
        {
            return Absent(file, run, errors);
        }

        FileContent content;
        try
        {
            content = FileContent.Read(options.FileSystem, file.FullPath, options.Limits.MaxFileBytes);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            // Gone between the check and the read: the same as not there at all.
            return Absent(file, run, errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            run.FilesRead.Add(file.RelativePath);
            errors.Add(ConfigurationError.ForFile(file.RelativePath, "cannot read the file: " + ex.Message));
            return default;
        }

        run.FilesRead.Add(file.RelativePath);

        using var read = content;
        var bytes = read.Span;
        var hash = ContentHasher.Hash(bytes);
        var source = options.FileSystem.GetSourceName(file.FullPath, file.RelativePath);
        var known = _cache.TryGetValue(file.RelativePath, out var cached);
        if (known && string.Equals(cached!.Source, source, StringComparison.Ordinal))
        {
            // The very string the previous version's origins hold: comparing origins with them is then a reference
            // check, and the new nodes share it.
            source = cached.Source;
        }

        if (!known || cached!.Hash != hash || cached.Kind != file.Kind || cached.Source != source)
        {
            if (!known || cached!.Hash != hash)
            {
                run.Changed.Add(file.RelativePath);
            }

            if (known && cached!.Length > 0 && read.IsBlank)
            {
                // A file that had content and now has none is almost always mid-write (truncate, then write).
                errors.Add(ConfigurationError.ForFile(file.RelativePath, "the file became empty; treated as a write in progress and not applied (write {} for an intentionally empty layer)"));
                return default;
            }

            try
            {
                var sharable = known && cached!.Kind == file.Kind && cached.Source == source;
                var parsed = ConfigFileParser.Parse(bytes, source, file.Kind, options.Limits, file.RelativePath, sharable ? cached!.Parsed : null);
                if (sharable)
                {
                    // Keep the previous version's nodes wherever nothing changed, so versions share memory. A JSON
                    // parse has already done so as it went; this does it for YAML.
                    parsed = StructuralSharing.Reuse(cached!.Parsed, parsed);
                }

                cached = new CachedLayer(hash, bytes.Length, file.Kind, source, parsed, null, null);
                run.ParsedNow++;
                Interlocked.Increment(ref _filesParsed);
            }
            catch (ConfigurationLoadException ex)
            {
                _cache.Remove(file.RelativePath);
                errors.AddRange(ex.Errors);
                return default;
            }
        }

        return Migrate(file, cached!, extensions, errors, migrations);
    }

    /// <summary>A layer file that is not there: forgotten, and an error when the layer is required.</summary>
    private LayerSlot Absent(LayerFile file, PipelineRunState run, List<ConfigurationError> errors)
    {
        if (_cache.Remove(file.RelativePath))
        {
            run.Changed.Add(file.RelativePath);
        }

        if (file.Required)
        {
            errors.Add(ConfigurationError.ForFile(file.RelativePath, file.MissingMessage));
            return default;
        }

        return new LayerSlot(null, null, null, Missing: true);
    }

    /// <summary>Migrates a cached layer (once per migrator) and returns it as a layer of the run.</summary>
    private LayerSlot Migrate(LayerFile file, CachedLayer cached, PipelineExtensions extensions, List<ConfigurationError> errors, List<string> migrations)
    {
        var migrated = cached.Parsed;
        if (extensions.Migrator is { } migrator)
        {
            if (!ReferenceEquals(cached.MigratedBy, migrator))
            {
                var result = migrator.Migrate(cached.Parsed, file.RelativePath);
                cached = cached with { MigratedBy = migrator, Migration = result };
            }

            ReportMigration(file.RelativePath, cached, errors, migrations);
            migrated = cached.Migration!.Layer;
        }

        _cache[file.RelativePath] = cached;
        return new LayerSlot(new ConfigLayer(file.Kind, file.RelativePath, migrated), cached, extensions.Migrator);
    }

    /// <summary>Reports what migrating a layer found: its errors, and a line per migration applied.</summary>
    private static void ReportMigration(string path, CachedLayer cached, List<ConfigurationError> errors, List<string> migrations)
    {
        errors.AddRange(cached.Migration!.Errors);
        migrations.AddRange(cached.Migration.Applied.Select(a => $"{path}: {a}"));
    }

    /// <summary>
    /// What one layer file gave a run: its layer (null when absent or in error), the cache entry it came from and the
    /// migrator it went through; <paramref name="Missing"/> for an optional file that is not there.
    /// </summary>
    private readonly record struct LayerSlot(ConfigLayer? Layer, CachedLayer? Cached, IConfigLayerMigrator? MigratedBy, bool Missing = false);
}
