using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using WebhookConsole.Testing;

namespace WebhookConsole.Bench;

/// <summary>A Kestrel receiver on 127.0.0.1 that answers 200 at once (or hangs on /hang) and notes arrival times by event id.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly LoopbackServer server;
    private long count;
    public string BaseUrl => server.BaseUrl;
    public long Count => Interlocked.Read(ref count);
    public ConcurrentDictionary<string, long> ArrivalTicks { get; } = new();
    public bool RecordArrivals { get; set; }

    private Receiver(LoopbackServer server) => this.server = server;

    public static async Task<Receiver> StartAsync()
    {
        Receiver? self = null;
        var server = await LoopbackServer.StartAsync(app => Map(app, () => self!));
        self = new Receiver(server);
        return self;
    }

    private static void Map(WebApplication app, Func<Receiver> receiver)
    {
        app.MapPost("/hang", async (HttpContext ctx) =>
        {
            try { await Task.Delay(TimeSpan.FromSeconds(15), ctx.RequestAborted); } catch (OperationCanceledException) { }
            return Results.Ok();
        });
        // The retry storm's endpoint: always 500.
        app.MapPost("/fail", async (HttpContext ctx) =>
        {
            await ctx.Request.Body.CopyToAsync(Stream.Null);
            return Results.StatusCode(500);
        });
        app.MapPost("/hook", async (HttpContext ctx) =>
        {
            var self = receiver();
            if (self.RecordArrivals)
            {
                var now = Stopwatch.GetTimestamp();
                using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
                if (doc.RootElement.ValueKind == JsonValueKind.Array)
                    foreach (var e in doc.RootElement.EnumerateArray())
                        if (e.TryGetProperty("id", out var id)) self.ArrivalTicks.TryAdd(id.GetString()!, now);
            }
            else
            {
                await ctx.Request.Body.CopyToAsync(Stream.Null);
            }
            Interlocked.Increment(ref self.count);
            return Results.Ok();
        });
    }

    public void Reset()
    {
        Interlocked.Exchange(ref count, 0);
        ArrivalTicks.Clear();
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}
