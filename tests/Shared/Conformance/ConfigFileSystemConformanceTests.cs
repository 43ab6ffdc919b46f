using System.Text;
using Strata.Sources;

namespace Strata.Testing.Conformance;

/// <summary>
/// The contract every <see cref="IConfigFileSystem"/> keeps, as tests: derive a class for an implementation, supply
/// the store and a way to change it, and it inherits every test here. The pipeline relies on exactly this: files and
/// folders exist or not, listings give the full paths of the files directly inside a folder (it filters and sorts
/// them itself), reads give the stored bytes or fail with the exceptions it reports, changes show on the next read,
/// and a consistent read, when a store offers one, sees a single state until it is disposed.
/// </summary>
public abstract class ConfigFileSystemConformanceTests : IAsyncLifetime
{
    /// <summary>The file system under test.</summary>
    protected abstract IConfigFileSystem FileSystem { get; }

    /// <summary>The full path of the config directory the store presents.</summary>
    protected abstract string Root { get; }

    /// <summary>Creates or replaces a file (and its folders) so that the next read through <see cref="FileSystem"/> sees it.</summary>
    /// <param name="relativePath">The path relative to <see cref="Root"/>, with <c>/</c> separators.</param>
    /// <param name="content">The content, stored as UTF-8 exactly as given (no byte-order mark is added).</param>
    protected abstract Task WriteAsync(string relativePath, string content);

    /// <summary>Deletes a file so that the next read through <see cref="FileSystem"/> no longer sees it.</summary>
    /// <param name="relativePath">The path relative to <see cref="Root"/>, with <c>/</c> separators.</param>
    protected abstract Task DeleteAsync(string relativePath);

    /// <inheritdoc />
    public virtual Task InitializeAsync() => Task.CompletedTask;

    /// <inheritdoc />
    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_written_file_exists_and_a_missing_one_does_not()
    {
        await WriteAsync("base.yaml", "a: 1\n");

        Assert.True(FileSystem.FileExists(Full("base.yaml")));
        Assert.False(FileSystem.FileExists(Full("base.yml")));
        Assert.False(FileSystem.FileExists(Full("environments/production.yaml")));
    }

    [Fact]
    public async Task The_config_directory_and_folders_holding_files_exist_and_missing_folders_do_not()
    {
        await WriteAsync("base.yaml", "a: 1\n");
        await WriteAsync("environments/production.yaml", "a: 2\n");
        await WriteAsync("base.d/10-extra.yaml", "b: 1\n");

        Assert.True(FileSystem.DirectoryExists(Root));
        Assert.True(FileSystem.DirectoryExists(Full("environments")));
        Assert.True(FileSystem.DirectoryExists(Full("base.d")));
        Assert.False(FileSystem.DirectoryExists(Full("agents")));
        Assert.False(FileSystem.DirectoryExists(Full("environments/production")));
    }

    [Fact]
    public async Task A_folder_is_not_a_file_and_a_file_is_not_a_folder()
    {
        await WriteAsync("environments/production.yaml", "a: 2\n");

        Assert.False(FileSystem.FileExists(Full("environments")));
        Assert.False(FileSystem.DirectoryExists(Full("environments/production.yaml")));
    }

    [Fact]
    public async Task Reading_returns_exactly_the_bytes_written()
    {
        const string content = "\uFEFFname: \"Zürich – 東京\"\r\nemoji: \"🙂\"\r\nlast: no newline";
        await WriteAsync("base.yaml", content);

        Assert.Equal(Encoding.UTF8.GetBytes(content), FileSystem.ReadAllBytes(Full("base.yaml"), 1024));
    }

    [Fact]
    public async Task An_empty_file_exists_and_reads_as_no_bytes()
    {
        await WriteAsync("base.yaml", string.Empty);

        Assert.True(FileSystem.FileExists(Full("base.yaml")));
        Assert.Empty(FileSystem.ReadAllBytes(Full("base.yaml"), 1024));
    }

    [Fact]
    public async Task A_file_of_exactly_the_limit_is_read_and_one_byte_over_fails_with_InvalidDataException()
    {
        var content = new string('x', 100);
        await WriteAsync("base.yaml", content);

        Assert.Equal(100, FileSystem.ReadAllBytes(Full("base.yaml"), 100).Length);
        Assert.Throws<InvalidDataException>(() => FileSystem.ReadAllBytes(Full("base.yaml"), 99));
    }

    [Fact]
    public async Task Reading_a_missing_file_fails_as_not_found()
    {
        await WriteAsync("base.yaml", "a: 1\n");

        AssertNotFound(Record.Exception(() => FileSystem.ReadAllBytes(Full("local.yaml"), 1024)));
        AssertNotFound(Record.Exception(() => FileSystem.ReadAllBytes(Full("environments/production.yaml"), 1024)));
    }

    [Fact]
    public async Task Reading_a_folder_fails_with_an_exception_the_pipeline_reports()
    {
        await WriteAsync("environments/production.yaml", "a: 2\n");

        var error = Record.Exception(() => FileSystem.ReadAllBytes(Full("environments"), 1024));

        Assert.True(error is IOException or UnauthorizedAccessException, $"expected IOException or UnauthorizedAccessException, got {error?.GetType().Name ?? "no exception"}");
    }

    [Fact]
    public async Task Listing_gives_the_full_paths_of_every_file_directly_inside_and_nothing_nested()
    {
        await WriteAsync("base.yaml", "a: 1\n");
        await WriteAsync("local.json", "{}");
        await WriteAsync("notes.txt", "not configuration, still a file");
        await WriteAsync(".hidden.yaml", "a: 3\n");
        await WriteAsync("environments/production.yaml", "a: 2\n");
        await WriteAsync("base.d/10-extra.yaml", "b: 1\n");

        var listed = FileSystem.EnumerateFiles(Root).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(new[] { ".hidden.yaml", "base.yaml", "local.json", "notes.txt" }.Select(Full).Order(StringComparer.Ordinal), listed);
    }

    [Fact]
    public async Task Listing_a_folder_gives_its_files_under_the_folder_path()
    {
        await WriteAsync("base.yaml", "a: 1\n");
        await WriteAsync("base.d/20-late.yaml", "b: 2\n");
        await WriteAsync("base.d/10-early.yml", "b: 1\n");
        await WriteAsync("environments/production.yaml", "a: 2\n");

        Assert.Equal([Full("base.d/10-early.yml"), Full("base.d/20-late.yaml")], FileSystem.EnumerateFiles(Full("base.d")).Order(StringComparer.Ordinal));
        Assert.Equal([Full("environments/production.yaml")], FileSystem.EnumerateFiles(Full("environments")));
    }

    [Fact]
    public async Task Listing_a_folder_named_with_a_trailing_separator_gives_the_same_paths()
    {
        await WriteAsync("base.yaml", "a: 1\n");
        await WriteAsync("environments/production.yaml", "a: 2\n");

        Assert.Equal([Full("base.yaml")], FileSystem.EnumerateFiles(Root + Path.DirectorySeparatorChar));
        Assert.Equal([Full("environments/production.yaml")], FileSystem.EnumerateFiles(Full("environments") + Path.DirectorySeparatorChar));
    }

    [Fact]
    public async Task Listing_a_missing_folder_gives_nothing()
    {
        await WriteAsync("base.yaml", "a: 1\n");

        Assert.Empty(FileSystem.EnumerateFiles(Full("environments")));
        Assert.Empty(FileSystem.EnumerateFiles(Full("base.d")));
    }

    [Fact]
    public async Task Every_listed_path_exists_and_reads_as_its_file()
    {
        await WriteAsync("base.yaml", "a: 1\n");
        await WriteAsync("local.yaml", "a: 9\n");

        foreach (var path in FileSystem.EnumerateFiles(Root))
        {
            Assert.True(FileSystem.FileExists(path), path);
            var expected = Path.GetFileName(path) == "base.yaml" ? "a: 1\n" : "a: 9\n";
            Assert.Equal(expected, Encoding.UTF8.GetString(FileSystem.ReadAllBytes(path, 1024)));
        }
    }

    [Fact]
    public async Task A_changed_file_reads_with_its_new_content()
    {
        await WriteAsync("base.yaml", "v: 1\n");
        Assert.Equal("v: 1\n", Read("base.yaml"));

        await WriteAsync("base.yaml", "v: 2 and longer\n");

        Assert.Equal("v: 2 and longer\n", Read("base.yaml"));
    }

    [Fact]
    public async Task A_deleted_file_no_longer_exists_is_not_listed_and_reads_as_not_found()
    {
        await WriteAsync("base.yaml", "a: 1\n");
        await WriteAsync("local.yaml", "a: 2\n");
        Assert.True(FileSystem.FileExists(Full("local.yaml")));

        await DeleteAsync("local.yaml");

        Assert.False(FileSystem.FileExists(Full("local.yaml")));
        Assert.Equal([Full("base.yaml")], FileSystem.EnumerateFiles(Root));
        AssertNotFound(Record.Exception(() => FileSystem.ReadAllBytes(Full("local.yaml"), 1024)));
    }

    [Fact]
    public async Task A_new_file_shows_on_the_next_listing()
    {
        await WriteAsync("base.yaml", "a: 1\n");
        Assert.Single(FileSystem.EnumerateFiles(Root));

        await WriteAsync("local.yaml", "a: 2\n");

        Assert.Equal([Full("base.yaml"), Full("local.yaml")], FileSystem.EnumerateFiles(Root).Order(StringComparer.Ordinal));
        Assert.True(FileSystem.FileExists(Full("local.yaml")));
    }

    [Fact]
    public async Task A_consistent_read_is_either_declined_or_sees_one_state_until_disposed()
    {
        await WriteAsync("base.yaml", "v: 1\n");

        var scope = FileSystem.BeginRead();
        if (scope is null)
        {
            // The store offers no consistent read: reads simply see the latest state.
            await WriteAsync("base.yaml", "v: 2\n");
            Assert.Equal("v: 2\n", Read("base.yaml"));
            return;
        }

        using (scope)
        {
            await WriteAsync("base.yaml", "v: 2\n");
            await WriteAsync("local.yaml", "a: 1\n");

            Assert.Equal("v: 1\n", Read("base.yaml"));
            Assert.False(FileSystem.FileExists(Full("local.yaml")));
            Assert.Equal([Full("base.yaml")], FileSystem.EnumerateFiles(Root));
        }

        Assert.Equal("v: 2\n", Read("base.yaml"));
        Assert.True(FileSystem.FileExists(Full("local.yaml")));
    }

    [Fact]
    public async Task The_source_name_of_a_file_names_its_relative_path()
    {
        await WriteAsync("environments/production.yaml", "a: 2\n");

        var name = FileSystem.GetSourceName(Full("environments/production.yaml"), "environments/production.yaml");

        Assert.Contains("environments/production.yaml", name, StringComparison.Ordinal);
    }

    /// <summary>The full path of a file given relative to <see cref="Root"/>.</summary>
    /// <param name="relativePath">The path with <c>/</c> separators.</param>
    protected string Full(string relativePath) => Path.Combine([Root, .. relativePath.Split('/')]);

    private string Read(string relativePath) => Encoding.UTF8.GetString(FileSystem.ReadAllBytes(Full(relativePath), 1024));

    private static void AssertNotFound(Exception? error) =>
        Assert.True(error is FileNotFoundException or DirectoryNotFoundException, $"expected FileNotFoundException or DirectoryNotFoundException, got {error?.GetType().Name ?? "no exception"}");
}
