using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>
/// The console as a real child process (its build output beside the tests), so a test can kill -9 it and
/// start it again on the same SQLite file.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    public const string ApiKey = ConsoleFactory.AdminApiKey;
    private readonly Process process;
    public string BaseUrl { get; }

    private AppProcess(Process process, string baseUrl, ConcurrentQueue<string> output)
    {
        this.process = process;
        BaseUrl = baseUrl;
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
        var port = FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = environment },
        };
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "WebhookConsole.dll"), "--urls", baseUrl,
                     $"--ConnectionStrings:Sqlite=Data Source={databasePath}",
                     $"--Bootstrap:AdminEmail={ConsoleFactory.AdminEmail}", $"--Bootstrap:AdminPassword={ConsoleFactory.AdminPassword}",
                     $"--Bootstrap:ApiKey={ApiKey}", "--Serilog:MinimumLevel:Default=Warning",
                 }.Concat(extraArgs))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The console exited with {process.ExitCode} at start-up.");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return new AppProcess(process, baseUrl, output);
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        process.Kill(true);
        throw new TimeoutException("The console did not answer /health within 60 s.");
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
    public void Terminate()
    {
        if (Kill(process.Id, SigTerm) != 0) throw new InvalidOperationException($"kill -TERM {process.Id} failed ({Marshal.GetLastPInvokeError()})");
    }

    public Task WaitForExitAsync(CancellationToken ct) => process.WaitForExitAsync(ct);

    private const int SigTerm = 15;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>kill -9: no shutdown code runs.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }

    /// <summary>Deletes a console's files: the SQLite database, its WAL and shared memory, its key file, and the Hangfire job store beside it.</summary>
    public static void DeleteDatabase(string dbPath)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var jobs = Path.Combine(Path.GetDirectoryName(dbPath)!, Path.GetFileNameWithoutExtension(dbPath) + "-hangfire.db");
        foreach (var file in new[] { dbPath, jobs }.SelectMany(f => new[] { f, f + "-wal", f + "-shm", f + "-journal", f + ".key" }))
            try { File.Delete(file); } catch (IOException) { }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
