using System.Globalization;
using System.Text;
using Strata.Secrets;
using Strata.Serialization;

namespace Strata.Notifications.Channels;

/// <summary>
/// Appends each notification to a file: by default one JSON object per line (the <c>strata watch --format jsonl</c>
/// shape, secrets as <c>"***"</c>), or the readable text form. The file is opened for appending only and, on Unix, created
/// with mode 0600 (owner read/write); an existing file keeps its mode. When the next line would take the file past
/// <see cref="MaxBytes"/>, it is rotated: <c>PATH</c> becomes <c>PATH.1</c>, <c>PATH.1</c> becomes <c>PATH.2</c>, and so on,
/// keeping <see cref="MaxRotatedFiles"/> old files. Every line is written whole and flushed at once.
/// </summary>
internal sealed class FileNotificationChannel : INotificationSubscriber, IDisposable
{
    private readonly SecretRedactor _redactor;
    private readonly Lock _gate = new();
    private FileStream? _stream;
    private long _size;
    private bool _disposed;

    /// <summary>Creates the channel and opens (or creates) the file, creating its folder when needed.</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">The size after which the file is rotated.</param>
    /// <param name="maxRotatedFiles">How many rotated files to keep; 0 keeps none.</param>
    /// <param name="format">JSON Lines or text.</param>
    /// <param name="redactor">Masks secrets; <see cref="SecretRedactor.Default"/> when null.</param>
    /// <param name="filter">Which notifications to write; null for all.</param>
    /// <param name="template">The Text format's summary line; <see cref="NotificationTemplate.DefaultText"/> when null.</param>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or its folder is not writable.</exception>
    public FileNotificationChannel(string path, long maxBytes = NotificationOptions.DefaultFileMaxBytes, int maxRotatedFiles = 5, NotificationFormat format = NotificationFormat.JsonLines, SecretRedactor? redactor = null, NotificationFilter? filter = null, NotificationTemplate? template = null)
    {
        Template = template ?? NotificationTemplate.DefaultText;
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxRotatedFiles);
        Path = System.IO.Path.GetFullPath(path);
        MaxBytes = maxBytes;
        MaxRotatedFiles = maxRotatedFiles;
        Format = format;
        Filter = filter;
        _redactor = redactor ?? SecretRedactor.Default;
        var folder = System.IO.Path.GetDirectoryName(Path);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        Open();
    }

    /// <inheritdoc />
    public NotificationFilter? Filter { get; }

    /// <summary>The file's full path.</summary>
    public string Path { get; }

    /// <summary>The size after which the file is rotated.</summary>
    public long MaxBytes { get; }

    /// <summary>How many rotated files are kept.</summary>
    public int MaxRotatedFiles { get; }

    /// <summary>The Text format's summary line.</summary>
    public NotificationTemplate Template { get; }

    /// <summary>The format.</summary>
    public NotificationFormat Format { get; }

    /// <summary>How many times the file has been rotated.</summary>
    public long Rotations { get; private set; }

    /// <summary>The path of the <paramref name="index"/>-th rotated file (1 is the newest).</summary>
    /// <param name="index">The index, from 1.</param>
    public string RotatedPath(int index) => Path + "." + index.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void HandleNotification(ReloadNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var text = Format == NotificationFormat.JsonLines
            ? ReloadNotificationJson.ToJsonLine(NotificationRedaction.Redact(notification, _redactor), _redactor) + "\n"
            : NotificationText.Format(notification, _redactor, color: false, Template);
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_stream is null)
            {
                Open();
            }

            if (_size > 0 && _size + bytes.Length > MaxBytes)
            {
                Rotate();
            }

            _stream!.Write(bytes);
            _stream.Flush();
            _size += bytes.Length;
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _stream?.Dispose();
            _stream = null;
        }
    }

    private void Open()
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.Append,
            Access = FileAccess.Write,
            Share = FileShare.ReadWrite,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        _stream = new FileStream(Path, options);
        _size = _stream.Length;
    }

    private void Rotate()
    {
        _stream?.Dispose();
        _stream = null;
        if (MaxRotatedFiles == 0)
        {
            File.Delete(Path);
        }
        else
        {
            File.Delete(RotatedPath(MaxRotatedFiles));
            for (var i = MaxRotatedFiles - 1; i >= 1; i--)
            {
                if (File.Exists(RotatedPath(i)))
                {
                    File.Move(RotatedPath(i), RotatedPath(i + 1));
                }
            }

            File.Move(Path, RotatedPath(1));
        }

        Rotations++;
        Open();
    }
}
