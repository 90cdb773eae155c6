using Sagewright.Events.Targets;
using Sagewright.S3;
using Sagewright.Iam;

namespace Sagewright.Hosting;

public sealed class ServeOptions
{
    public const int DefaultPort = 4566;

    public string DataDirectory { get; set; } = "data";
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>PostgreSQL connection string; SQLite in the data directory when absent.</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>Extra named listeners (port → network-origin id such as vpce-0a1b2c3d, seen as aws:SourceVpce).</summary>
    public Dictionary<int, string> NamedListeners { get; set; } = [];

    /// <summary>An external S3-compatible store for object bytes; the data directory when absent.</summary>
    public S3BackendOptions? S3Backend { get; set; }

    /// <summary>The SSE-S3 wrapping key file (default: &lt;data dir&gt;/s3/sse-s3.key); replicas must share it.</summary>
    public string? SseS3KeyFile { get; set; }
    /// <summary>
    /// How long credentials and identity policies stay cached: the longest an IAM change made by another process (admin
    /// CLI, another replica) takes to apply here. Changes made through this server apply at once.
    /// </summary>
    public TimeSpan IamCacheTtl { get; set; } = new IamOptions().CacheTtl;

    /// <summary>json (default, structured) or text.</summary>
    public string LogFormat { get; set; } = "json";

    /// <summary>Programs event rules may run as Lambda-style function targets (serve --event-command NAME=PROGRAM [ARGS...]).</summary>
    public Dictionary<string, EventCommand> EventCommands { get; set; } = [];

    /// <summary>How long an event command may run before it is killed.</summary>
    public TimeSpan EventCommandTimeout { get; set; } = new EventTargetsOptions().CommandTimeout;

    /// <summary>Copies the serve options that concern event targets into the module's options.</summary>
    public void EventTargets(EventTargetsOptions target, string defaultKeyFile)
    {
        target.SecretsKeyFile = defaultKeyFile;
        target.CommandTimeout = EventCommandTimeout;
        foreach (var (name, command) in EventCommands)
        {
            target.Commands[name] = command;
        }
    }
}
