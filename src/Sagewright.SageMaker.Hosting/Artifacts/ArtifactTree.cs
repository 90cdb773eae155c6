namespace Sagewright.SageMaker.Hosting.Artifacts;

/// <summary>
/// A directory being filled with a model's files from untrusted names (tar entries, S3 keys). Every path must stay
/// inside the root: no absolute paths, no <c>..</c>, no writing through a symbolic link, and links must resolve inside
/// the root (checked by <see cref="CheckLinks"/> once everything is written, since a later entry can change what an
/// earlier link points through). Counts bytes and entries against the caps. Directories are 0755, files 0644 (0755 when
/// executable), so an unprivileged runtime user can read what the server user owns.
/// </summary>
internal sealed class ArtifactTree(string root, long maxBytes, int maxEntries)
{
    public const UnixFileMode DirectoryPermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    public const UnixFileMode FilePermissions = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
    private const int MaxLinkDepth = 40;

    private readonly List<string> _links = [];
    private long _bytes;
    private int _entries;

    public string Root => root;

    public long Bytes => _bytes;

    public void CreateDirectory(string name)
    {
        var parts = Split(name);
        Count();
        if (parts.Count > 0)
        {
            EnsureDirectory(parts);
        }
    }

    public async Task WriteFileAsync(string name, Stream content, bool executable, CancellationToken cancellationToken)
    {
        var path = PrepareLeaf(name);
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            Options = FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FilePermissions;
        }
        await using (var file = new FileStream(path, options))
        {
            var buffer = new byte[81920];
            int read;
            while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
            {
                _bytes += read;
                if (_bytes > maxBytes)
                {
                    throw new ArtifactTooLargeException($"The model data unpacks to more than {maxBytes} bytes.");
                }
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }
        SetMode(path, executable ? FilePermissions | AnyExecute : FilePermissions);
    }

    public static bool IsExecutable(UnixFileMode mode) => (mode & AnyExecute) != 0;

    /// <summary>A symbolic link; its target must be relative (checked against the root in <see cref="CheckLinks"/>).</summary>
    public void CreateSymbolicLink(string name, string target)
    {
        if (target.Length == 0 || target.Contains('\0') || target.StartsWith('/'))
        {
            throw new UnsafeArtifactException($"The link \"{name}\" points outside the model directory.");
        }
        var path = PrepareLeaf(name);
        File.CreateSymbolicLink(path, target);
        _links.Add(path);
    }

    /// <summary>A hard link in an archive, made as a copy of the (already written) regular file it names.</summary>
    public void CopyHardLink(string name, string target)
    {
        var sourceParts = Split(target);
        var source = Path.Combine([root, .. sourceParts]);
        CheckNoLinkOnTheWay(sourceParts);
        var info = new FileInfo(source);
        if (!info.Exists || info.LinkTarget is not null)
        {
            throw new UnsafeArtifactException($"The hard link \"{name}\" does not name a file earlier in the archive.");
        }
        var path = PrepareLeaf(name);
        _bytes += info.Length;
        if (_bytes > maxBytes)
        {
            throw new ArtifactTooLargeException($"The model data unpacks to more than {maxBytes} bytes.");
        }
        File.Copy(source, path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(source));
        }
    }

    /// <summary>Resolves every link written, following links through links, and refuses any that leaves the root.</summary>
    public void CheckLinks()
    {
        foreach (var link in _links)
        {
            var location = Split(Path.GetRelativePath(root, Path.GetDirectoryName(link)!));
            if (!Resolves(location, new FileInfo(link).LinkTarget!, 0))
            {
                throw new UnsafeArtifactException($"The link \"{Path.GetRelativePath(root, link)}\" points outside the model directory.");
            }
        }
    }

    private bool Resolves(List<string> location, string target, int depth)
    {
        if (depth > MaxLinkDepth || target.StartsWith('/'))
        {
            return false;
        }
        foreach (var part in target.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == "..")
            {
                if (location.Count == 0)
                {
                    return false;
                }
                location.RemoveAt(location.Count - 1);
                continue;
            }
            location.Add(part);
            if (new FileInfo(Path.Combine([root, .. location])).LinkTarget is { } next)
            {
                location.RemoveAt(location.Count - 1);
                if (!Resolves(location, next, depth + 1))
                {
                    return false;
                }
            }
        }
        return true;
    }

    /// <summary>Makes the parent directories and clears the way for a new file or link; returns its full path.</summary>
    private string PrepareLeaf(string name)
    {
        var parts = Split(name);
        if (parts.Count == 0)
        {
            throw new UnsafeArtifactException($"The entry \"{name}\" has no file name.");
        }
        Count();
        EnsureDirectory(parts[..^1]);
        var path = Path.Combine([root, .. parts]);
        var existing = new FileInfo(path);
        if (existing.LinkTarget is not null || existing.Exists)
        {
            existing.Delete(); // a later entry of the same name replaces the earlier one, as tar does
        }
        else if (Directory.Exists(path))
        {
            throw new UnsafeArtifactException($"The entry \"{name}\" is both a directory and a file.");
        }
        return path;
    }

    private void EnsureDirectory(List<string> parts)
    {
        var path = root;
        foreach (var part in parts)
        {
            path = Path.Combine(path, part);
            var info = new DirectoryInfo(path);
            if (info.LinkTarget is not null)
            {
                throw new UnsafeArtifactException($"The entry \"{string.Join('/', parts)}\" would be written through the link \"{Path.GetRelativePath(root, path)}\".");
            }
            if (info.Exists)
            {
                continue;
            }
            if (File.Exists(path))
            {
                throw new UnsafeArtifactException($"The entry \"{string.Join('/', parts)}\" is both a directory and a file.");
            }
            Directory.CreateDirectory(path);
            SetMode(path, DirectoryPermissions);
        }
    }

    private void CheckNoLinkOnTheWay(List<string> parts)
    {
        var path = root;
        foreach (var part in parts)
        {
            path = Path.Combine(path, part);
            if (new FileInfo(path).LinkTarget is not null)
            {
                throw new UnsafeArtifactException($"The hard link target \"{string.Join('/', parts)}\" passes through a symbolic link.");
            }
        }
    }

    /// <summary>Sets the mode explicitly: a mode given at creation is narrowed by the process umask.</summary>
    public static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
    }

    private void Count()
    {
        if (++_entries > maxEntries)
        {
            throw new ArtifactTooLargeException($"The model data holds more than {maxEntries} entries.");
        }
    }

    /// <summary>A relative path's components, without empty and <c>.</c> parts; refuses absolute paths and <c>..</c>.</summary>
    private static List<string> Split(string name)
    {
        if (name.Contains('\0') || name.StartsWith('/'))
        {
            throw new UnsafeArtifactException($"The entry \"{name}\" is not a relative path inside the model directory.");
        }
        var parts = new List<string>();
        foreach (var part in name.Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }
            if (part == ".." || System.Text.Encoding.UTF8.GetByteCount(part) > 255)
            {
                throw new UnsafeArtifactException($"The entry \"{name}\" is not a relative path inside the model directory.");
            }
            parts.Add(part);
        }
        return parts;
    }
}
