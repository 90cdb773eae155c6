namespace Sagewright.Events.Targets;

public sealed class EventTargetsOptions
{
    /// <summary>
    /// The file holding the key that seals connection secrets (passwords, API keys, secret invocation parameters) in
    /// the database; created (mode 0600) on first start. Replicas sharing one PostgreSQL database must share it.
    /// </summary>
    public string? SecretsKeyFile { get; set; }

    /// <summary>
    /// Programs that rule targets named <c>arn:aws:lambda:REGION:ACCOUNT:function:NAME</c> run, by NAME. Only the
    /// operator configures them (serve --event-command); API callers can only point targets at them.
    /// </summary>
    public Dictionary<string, EventCommand> Commands { get; } = new(StringComparer.Ordinal);

    /// <summary>How long a command may run before its process tree is killed and the attempt counts as failed.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The account commands run as when the server runs as root (through setpriv); null runs them as the server's own
    /// user. Ignored when the server is not root.
    /// </summary>
    public string? CommandUser { get; set; } = "nobody";

    /// <summary>AWS gives an API destination 5 seconds to answer.</summary>
    public TimeSpan ApiDestinationTimeout { get; set; } = TimeSpan.FromSeconds(5);
}

/// <param name="Program">An executable path, or a name looked up on PATH.</param>
/// <param name="Arguments">Passed as they are, without a shell.</param>
public sealed record EventCommand(string Program, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// Parses <c>NAME=PROGRAM [ARGS...]</c>; <paramref name="splitWords"/> splits the command line (the CLI passes
    /// System.CommandLine's splitter, so quotes group words).
    /// </summary>
    public static (string Name, EventCommand Command) Parse(string text, Func<string, IEnumerable<string>> splitWords)
    {
        var equals = text.IndexOf('=');
        var name = equals > 0 ? text[..equals].Trim() : "";
        var words = equals > 0 ? splitWords(text[(equals + 1)..]).ToArray() : [];
        if (words.Length == 0 || !Commands.LambdaFunctionArn.IsValidName(name))
        {
            throw new FormatException($"Expected NAME=PROGRAM [ARGS...] with a Lambda-style function name (letters, digits, - and _), got '{text}'.");
        }
        return (name, new EventCommand(words[0], words.Skip(1).ToArray()));
    }
}
