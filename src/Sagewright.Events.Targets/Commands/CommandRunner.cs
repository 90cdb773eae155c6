using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Sagewright.Events.Targets.Commands;

/// <param name="ExitCode">Null when the process was killed at the timeout.</param>
internal sealed record CommandResult(int? ExitCode, string Stdout, string Stderr)
{
    public bool TimedOut => ExitCode is null;
}

/// <summary>
/// Runs a configured program without a shell: the payload on stdin, the given environment only, stdout and stderr
/// kept up to <see cref="OutputLimit"/> characters each (the rest is read and dropped so the child never blocks on a
/// full pipe), and the whole process tree killed at the timeout. When the server runs as root, the program runs as
/// <see cref="EventTargetsOptions.CommandUser"/> through util-linux setpriv.
/// </summary>
internal sealed class CommandRunner(EventTargetsOptions options)
{
    public const int OutputLimit = 64 * 1024;

    public async Task<CommandResult> RunAsync(EventCommand command, IReadOnlyDictionary<string, string> environment, string stdin,
        TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = StartInfo(command);
        start.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return new CommandResult(127, "", $"Could not start {command.Program}: {e.Message}");
        }
        var stdout = ReadBoundedAsync(process.StandardOutput);
        var stderr = ReadBoundedAsync(process.StandardError);
        // Not awaited before the wait: a program that never reads stdin must still meet its timeout.
        var writing = WriteStdinAsync(process, stdin);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            await writing;
            cancellationToken.ThrowIfCancellationRequested();
            return new CommandResult(null, await stdout, await stderr);
        }
        await writing;
        return new CommandResult(process.ExitCode, await Drained(stdout), await Drained(stderr));
    }

    /// <summary>A background process the program left behind may hold its output open: wait for it briefly only.</summary>
    private static async Task<string> Drained(Task<string> output)
    {
        try
        {
            return await output.WaitAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            return "(output left open by a background process of the program)";
        }
    }

    private ProcessStartInfo StartInfo(EventCommand command)
    {
        var start = new ProcessStartInfo
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardInputEncoding = new UTF8Encoding(false),
            WorkingDirectory = Path.GetTempPath(),
        };
        if (UnprivilegedUser() is { } user)
        {
            start.FileName = "setpriv";
            foreach (var word in (string[])[$"--reuid={user.Uid}", $"--regid={user.Gid}", "--clear-groups", "--"])
            {
                start.ArgumentList.Add(word);
            }
            start.ArgumentList.Add(command.Program);
        }
        else
        {
            start.FileName = command.Program;
        }
        foreach (var argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    /// <summary>The account to drop to: only when this process is root and a user is configured.</summary>
    private (string Uid, string Gid)? UnprivilegedUser()
    {
        if (OperatingSystem.IsWindows() || options.CommandUser is not { } name || Environment.UserName != "root")
        {
            return null;
        }
        // passwd lines: name:x:uid:gid:gecos:home:shell
        var entry = File.ReadLines("/etc/passwd").Select(line => line.Split(':')).FirstOrDefault(f => f.Length >= 4 && f[0] == name)
            ?? throw new InvalidOperationException($"The command user {name} does not exist in /etc/passwd.");
        return (entry[2], entry[3]);
    }

    private static async Task WriteStdinAsync(Process process, string stdin)
    {
        try
        {
            await process.StandardInput.WriteAsync(stdin);
            await process.StandardInput.FlushAsync();
            process.StandardInput.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The program exited or closed stdin without reading it all: its exit code tells the outcome.
        }
    }

    private static async Task<string> ReadBoundedAsync(StreamReader reader)
    {
        var kept = new StringBuilder();
        var buffer = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            kept.Append(buffer, 0, Math.Min(read, OutputLimit - kept.Length));
        }
        return kept.ToString();
    }
}
