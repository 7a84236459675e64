using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;

namespace WebhookConsole.Testing;

/// <summary>
/// The console as a real child process, started from the WebhookConsole.dll beside the caller's own output
/// (AppContext.BaseDirectory) on a SQLite file, so a test can kill -9 it and the bench can measure it from outside.
/// </summary>
public sealed class ConsoleProcess : IAsyncDisposable
{
    private readonly Process process;
    public string BaseUrl { get; }

    private ConsoleProcess(Process process, string baseUrl)
    {
        this.process = process;
        BaseUrl = baseUrl;
    }

    /// <summary>Starts the console and returns once it answers GET /health.</summary>
    public static async Task<ConsoleProcess> StartAsync(ConsoleLaunch launch)
    {
        var baseUrl = $"http://127.0.0.1:{FreePort.Next()}";
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ASPNETCORE_ENVIRONMENT"] = launch.Environment },
        };
        foreach (var (name, value) in launch.EnvironmentVariables) start.Environment[name] = value;
        foreach (var arg in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "WebhookConsole.dll"), "--urls", baseUrl,
                     $"--ConnectionStrings:Sqlite=Data Source={launch.DatabasePath}",
                     $"--Bootstrap:AdminEmail={launch.AdminEmail}", $"--Bootstrap:AdminPassword={launch.AdminPassword}",
                     $"--Bootstrap:ApiKey={launch.ApiKey}", "--Serilog:MinimumLevel:Default=Warning",
                 }.Concat(launch.ExtraArgs))
            start.ArgumentList.Add(arg);
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) launch.OnOutput?.Invoke(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) launch.OnError?.Invoke(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient();
        var deadline = DateTime.UtcNow + launch.StartupTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited) throw new InvalidOperationException($"The console exited with {process.ExitCode} at start-up.");
            try
            {
                if ((await http.GetAsync(baseUrl + "/health")).IsSuccessStatusCode) return new ConsoleProcess(process, baseUrl);
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        process.Kill(true);
        throw new TimeoutException($"The console did not answer /health within {launch.StartupTimeout.TotalSeconds:0} s.");
    }

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

    /// <summary>kill -9 of the process tree without waiting: no shutdown code runs.</summary>
    public void Kill() => process.Kill(entireProcessTree: true);

    /// <summary>kill -9, then wait until it is gone.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>Peak resident set size (VmHWM) of the process, in MiB.</summary>
    public double PeakRssMiB() => ReadStatusKiB("VmHWM") / 1024.0;
    public double RssMiB() => ReadStatusKiB("VmRSS") / 1024.0;

    private long ReadStatusKiB(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{process.Id}/status"))
            if (line.StartsWith(field + ":", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
