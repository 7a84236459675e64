namespace WebhookConsole.Testing;

/// <summary>How to start the console as a child process: its database, bootstrap admin and anything else.</summary>
public sealed record ConsoleLaunch(string DatabasePath, string AdminEmail, string AdminPassword, string ApiKey)
{
    /// <summary>ASPNETCORE_ENVIRONMENT of the child.</summary>
    public string Environment { get; init; } = "Production";

    /// <summary>Command-line settings after the standard ones (later ones win).</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>Extra environment variables of the child.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables { get; init; } = new Dictionary<string, string>();

    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Called with each line the console writes to stdout.</summary>
    public Action<string>? OnOutput { get; init; }

    /// <summary>Called with each line the console writes to stderr.</summary>
    public Action<string>? OnError { get; init; }
}
