using System.Diagnostics;
using System.Text.Json;

namespace WebhookConsole.Tests.Infrastructure;

/// <summary>Runs the npm package `standardwebhooks` under node to verify a request independently of our code.</summary>
public static class NodeVerifier
{
    public static async Task<(bool Ok, string Output)> VerifyAsync(string secret, ReceivedRequest request)
    {
        var folder = FindVerifierFolder();
        Assert.True(Directory.Exists(Path.Combine(folder, "node_modules", "standardwebhooks")),
            "npm package standardwebhooks is missing: run ./test.sh, which installs it.");
        var input = JsonSerializer.Serialize(new
        {
            secret,
            headers = new Dictionary<string, string>
            {
                ["webhook-id"] = request.Header("webhook-id") ?? "",
                ["webhook-timestamp"] = request.Header("webhook-timestamp") ?? "",
                ["webhook-signature"] = request.Header("webhook-signature") ?? "",
            },
            body = request.BodyText,
        });
        var start = new ProcessStartInfo("node", "verify.mjs")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode == 0, output);
    }

    private static string FindVerifierFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WebhookConsole.sln"))) dir = dir.Parent;
        return Path.Combine(dir!.FullName, "WebhookConsole.Tests", "verifier");
    }
}
