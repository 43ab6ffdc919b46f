using System.Runtime.InteropServices;

namespace Strata.Compare.Support;

/// <summary>The ways files get written in the field, each done for real on the file system.</summary>
internal static partial class FileOps
{
    /// <summary>Writes in place (open with truncate, write, close), as most programs do.</summary>
    public static void WriteInPlace(string path, byte[] content)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Write(content);
    }

    /// <summary>Writes a hidden temp file beside the target and renames it over the target (editors, atomic writers).</summary>
    public static void RenameOver(string path, byte[] content)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, "." + Path.GetFileName(path) + "." + Environment.CurrentManagedThreadId + ".tmp");
        File.WriteAllBytes(temp, content);
        Rename(temp, path);
    }

    /// <summary>rename(2): atomic replace of files, symlinks and links to directories alike.</summary>
    public static void Rename(string from, string to)
    {
        if (RenameNative(from, to) != 0)
        {
            throw new IOException($"rename {from} -> {to} failed: errno {Marshal.GetLastPInvokeError()}");
        }
    }

    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int RenameNative(string from, string to);
}
