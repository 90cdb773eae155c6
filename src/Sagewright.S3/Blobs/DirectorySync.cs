using System.ComponentModel;
using System.Runtime.InteropServices;

namespace Sagewright.S3.Blobs;

/// <summary>
/// fsync(2) on a directory, which .NET cannot open as a file handle: written against libc because no library
/// offers it; needed so a renamed blob's directory entry reaches the disk before the write is acknowledged.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;
    private const int Directory = 0x10000; // O_DIRECTORY on Linux (x86-64 and arm64)

    public static void Fsync(string path)
    {
        var fd = Open(path, ReadOnly | Directory);
        if (fd < 0)
        {
            throw new IOException($"Cannot open directory {path} to sync it", new Win32Exception(Marshal.GetLastPInvokeError()));
        }
        try
        {
            if (FsyncDescriptor(fd) != 0)
            {
                throw new IOException($"fsync of directory {path} failed", new Win32Exception(Marshal.GetLastPInvokeError()));
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int FsyncDescriptor(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
