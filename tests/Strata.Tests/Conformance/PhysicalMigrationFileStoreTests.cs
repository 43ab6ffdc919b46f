using Strata.Migration;
using Strata.Sources;

namespace Strata.Tests.Conformance;

/// <summary>The writes <see cref="PhysicalConfigFileSystem"/> makes as the <see cref="IMigrationFileStore"/> of a migration.</summary>
public sealed class PhysicalMigrationFileStoreTests
{
    private static IMigrationFileStore Store => PhysicalConfigFileSystem.Instance;

    [Fact]
    public void A_temporary_file_renamed_over_the_target_replaces_it_whole_and_keeps_its_mode()
    {
        using var dir = new TempConfigDir();
        var target = dir.Write("base.yaml", "a: 1\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var temp = Store.WriteTemporary(target, "a: 2\n"u8);
        Store.Replace(temp, target);

        Assert.Equal(Path.GetDirectoryName(target), Path.GetDirectoryName(temp));
        Assert.StartsWith(".base.yaml.", Path.GetFileName(temp), StringComparison.Ordinal);
        Assert.Equal("a: 2\n", File.ReadAllText(target));
        Assert.False(File.Exists(temp));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        }
    }

    [Fact]
    public void A_backup_copy_never_overwrites_and_deleting_never_throws()
    {
        using var dir = new TempConfigDir();
        var source = dir.Write("base.yaml", "a: 1\n");
        var backup = dir.Write("base.yaml.bak", "old\n");

        Assert.Throws<IOException>(() => Store.CopyToNew(source, backup));
        Store.CopyToNew(source, backup + ".2");
        Store.TryDelete(Path.Combine(dir.Path, "missing.yaml"));

        Assert.Equal("old\n", File.ReadAllText(backup));
        Assert.Equal("a: 1\n", File.ReadAllText(backup + ".2"));
    }

    [Fact]
    public void A_read_only_file_is_refused_before_anything_is_written()
    {
        using var dir = new TempConfigDir();
        var target = dir.Write("base.yaml", "a: 1\n");
        File.SetAttributes(target, FileAttributes.ReadOnly);
        try
        {
            Assert.Throws<UnauthorizedAccessException>(() => Store.EnsureWritable(target));
            Assert.Equal("a: 1\n", File.ReadAllText(target));
        }
        finally
        {
            File.SetAttributes(target, FileAttributes.Normal);
        }
    }

    [Fact]
    public void Recursive_listing_finds_nested_files_and_nothing_for_a_missing_folder()
    {
        using var dir = new TempConfigDir();
        var top = dir.Write("base.yaml", "a: 1\n");
        var nested = dir.Write("environments/dev.yaml", "a: 2\n");

        Assert.Equal([top, nested], Store.EnumerateFilesRecursively(dir.Path).Order(StringComparer.Ordinal));
        Assert.Equal([top], Store.EnumerateFiles(dir.Path));
        Assert.Empty(Store.EnumerateFilesRecursively(Path.Combine(dir.Path, "missing")));
    }

    [Fact]
    public void Moving_to_a_new_name_never_overwrites_and_directories_are_created_with_their_parents()
    {
        using var dir = new TempConfigDir();
        var existing = dir.Write("out/base.yaml", "mine\n");
        var nested = Path.Combine(dir.Path, "a", "b");

        Store.CreateDirectory(nested);
        Store.CreateDirectory(nested);
        var temp = Store.WriteTemporary(existing, "new\n"u8);
        Assert.Throws<IOException>(() => Store.MoveToNew(temp, existing));
        Store.MoveToNew(temp, Path.Combine(nested, "base.yaml"));

        Assert.Equal("mine\n", File.ReadAllText(existing));
        Assert.Equal("new\n", File.ReadAllText(Path.Combine(nested, "base.yaml")));
        Assert.False(File.Exists(temp));
    }
}
