using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using WebhookConsole.Testing;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// The console as a real child process (its build output beside the tests), so a test can kill -9 it and
/// start it again on the same SQLite file. The process handling is <see cref="ConsoleProcess"/>, shared with the bench.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string ApiKey = ConsoleFactory.AdminApiKey;
    private readonly ConsoleProcess process;
    public string BaseUrl => process.BaseUrl;

    private AppProcess(ConsoleProcess process, ConcurrentQueue<string> output)
    {
        this.process = process;
        Output = output;
    }

    public static Task<AppProcess> StartAsync(string databasePath, params string[] extraArgs) =>
        StartInAsync("Production", databasePath, ["--Delivery:AllowPrivateNetworks=true", .. extraArgs]);

    /// <summary>
    /// The console in <paramref name="environment"/> with only the shipped appsettings.json and <paramref name="extraArgs"/>
    /// (no test overrides beyond the database and the bootstrap admin), as a newcomer starts it.
    /// </summary>
    public static async Task<AppProcess> StartInAsync(string environment, string databasePath, params string[] extraArgs)
    {
        var output = new ConcurrentQueue<string>();
        var process = await ConsoleProcess.StartAsync(new ConsoleLaunch(databasePath, ConsoleFactory.AdminEmail, ConsoleFactory.AdminPassword, ApiKey)
        {
            Environment = environment,
            ExtraArgs = extraArgs,
            OnOutput = output.Enqueue,
            OnError = output.Enqueue,
        });
        return new AppProcess(process, output);
    }

    /// <summary>An API client with the bootstrap admin key.</summary>
    public HttpClient ApiClient() => new()
    {
        BaseAddress = new Uri(BaseUrl),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", ApiKey) },
        Timeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A program, an active loyalty integration posting to <paramref name="url"/>, and a rule sending `loyalty.points_earned` there.</summary>
    public static async Task<string> SetUpLoyaltyRouteAsync(HttpClient api, string programId, string url)
    {
        await PostOkAsync(api, "/api/v1/programs", new { id = programId, name = "Test " + programId });
        var integration = await PostOkAsync(api, "/api/v1/integrations", new { name = "Receiver " + programId, url, kind = "loyalty", active = true });
        var integrationId = integration.GetProperty("id").GetString()!;
        await PostOkAsync(api, "/api/v1/push-rules", new
        {
            scope = new { kind = "program", id = programId },
            eventTypes = new[] { "loyalty.points_earned" },
            destinations = new[] { integrationId },
        });
        return integrationId;
    }

    public static async Task<JsonElement> PostOkAsync(HttpClient api, string path, object body)
    {
        using var response = await api.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST {path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>What the console printed (stdout and stderr), for failure messages.</summary>
    public ConcurrentQueue<string> Output { get; }

    public bool HasExited => process.HasExited;
    public int Id => process.Id;
    public int ExitCode => process.ExitCode;

    /// <summary>SIGTERM, as systemd, Docker or Ctrl+C send it: the host shuts down gracefully.</summary>
    public void Terminate() => process.Terminate();

    public Task WaitForExitAsync(CancellationToken ct) => process.WaitForExitAsync(ct);

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void KillHard() => process.KillHard();

    public ValueTask DisposeAsync() => process.DisposeAsync();

    /// <summary>Deletes a console's files: the SQLite database, its WAL and shared memory, its key file, and the Hangfire job store beside it.</summary>
    public static void DeleteDatabase(string dbPath)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var jobs = Path.Combine(Path.GetDirectoryName(dbPath)!, Path.GetFileNameWithoutExtension(dbPath) + "-hangfire.db");
        foreach (var file in new[] { dbPath, jobs }.SelectMany(f => new[] { f, f + "-wal", f + "-shm", f + "-journal", f + ".key" }))
            try { File.Delete(file); } catch (IOException) { }
    }
}
