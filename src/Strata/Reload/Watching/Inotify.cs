using System.Runtime.InteropServices;

namespace Strata.Reload.Watching;

/// <summary>The Linux system calls <see cref="InotifyWatcher"/> uses: inotify, an eventfd to wake it, and poll.</summary>
internal static unsafe partial class Inotify
{
    /// <summary>A file was written to.</summary>
    public const uint Modify = 0x00000002;

    /// <summary>A file opened for writing was closed.</summary>
    public const uint CloseWrite = 0x00000008;

    /// <summary>A file or directory was renamed out of the watched directory.</summary>
    public const uint MovedFrom = 0x00000040;

    /// <summary>A file or directory was renamed into the watched directory.</summary>
    public const uint MovedTo = 0x00000080;

    /// <summary>A file or directory was created in the watched directory.</summary>
    public const uint Create = 0x00000100;

    /// <summary>A file or directory was deleted from the watched directory.</summary>
    public const uint Delete = 0x00000200;

    /// <summary>The kernel's event queue overflowed; events were lost.</summary>
    public const uint QueueOverflow = 0x00004000;

    /// <summary>The watch was removed (its directory was deleted or unmounted).</summary>
    public const uint Ignored = 0x00008000;

    /// <summary>Watch the path only when it is a directory.</summary>
    public const uint OnlyDirectory = 0x01000000;

    /// <summary>The event's subject is a directory.</summary>
    public const uint IsDirectory = 0x40000000;

    /// <summary><c>O_NONBLOCK</c> (also <c>IN_NONBLOCK</c> and <c>EFD_NONBLOCK</c>).</summary>
    public const int NonBlocking = 0x800;

    /// <summary><c>O_CLOEXEC</c> (also <c>IN_CLOEXEC</c> and <c>EFD_CLOEXEC</c>).</summary>
    public const int CloseOnExec = 0x80000;

    /// <summary><c>POLLIN</c>: there is data to read.</summary>
    public const short PollIn = 0x1;

    /// <summary><c>EINTR</c>: a signal interrupted the call.</summary>
    public const int Interrupted = 4;

    /// <summary><c>EAGAIN</c>: a non-blocking read found nothing.</summary>
    public const int TryAgain = 11;

    /// <summary>The fixed part of <c>struct inotify_event</c>: wd, mask, cookie, len.</summary>
    public const int EventHeaderSize = 16;

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int Init(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary><c>struct pollfd</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
