using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace WebhookConsole.Bench;

/// <summary>The console's public HTTP API (a contract: keys are added, never renamed), as the platform would call it.</summary>
public sealed class ConsoleApi(string baseUrl) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(baseUrl),
        Timeout = TimeSpan.FromMinutes(5),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", AppProcess.ApiKey) },
    };

    public async Task<JsonElement> PostAsync(string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} → {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<string> CreateLoyaltySetupAsync(string programId, string url)
    {
        try { await PostAsync("/api/v1/programs", new { id = programId, name = "Bench " + programId }); }
        catch (InvalidOperationException e) when (e.Message.Contains("409")) { }
        var integration = await PostAsync("/api/v1/integrations", new
        {
            name = "Bench " + Guid.NewGuid().ToString("N")[..8],
            url,
            kind = "loyalty",
            active = true,
        });
        var id = integration.GetProperty("id").GetString()!;
        await PostAsync("/api/v1/push-rules", new
        {
            scope = new { kind = "program", id = programId },
            eventTypes = new[] { "loyalty.points_earned" },
            destinations = new[] { id },
        });
        return id;
    }

    public static object LoyaltyEvent(string programId, int n) => new
    {
        type = "loyalty.points_earned",
        source = new { programId },
        data = new { member = new { id = $"mbr-{n}", email = $"member{n}@example.com" }, points = 10, balance = 100 + n },
    };

    public Task<JsonElement> PostEventAsync(object e) => PostAsync("/api/v1/events", e);

    public Task<JsonElement> PostBatchAsync(IEnumerable<object> events) => PostAsync("/api/v1/events/batch", new { events });

    public void Dispose() => http.Dispose();
}
