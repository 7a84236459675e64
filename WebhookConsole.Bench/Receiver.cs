using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Bench;

/// <summary>A Kestrel receiver on 127.0.0.1 that answers 200 at once (or hangs on /hang) and notes arrival times by event id.</summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private long count;
    public string BaseUrl { get; }
    public long Count => Interlocked.Read(ref count);
    public ConcurrentDictionary<string, long> ArrivalTicks { get; } = new();
    public bool RecordArrivals { get; set; }

    private Receiver(WebApplication app, string baseUrl)
    {
        this.app = app;
        BaseUrl = baseUrl;
    }

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        Receiver? self = null;
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
            if (self!.RecordArrivals)
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
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new Receiver(app, address.TrimEnd('/'));
        return self;
    }

    public void Reset()
    {
        Interlocked.Exchange(ref count, 0);
        ArrivalTicks.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
