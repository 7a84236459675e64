using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace WebhookConsole.Testing;

/// <summary>A real Kestrel server on 127.0.0.1 with a random port and no logging; the caller maps its endpoints.</summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly TimeSpan? stopTimeout;

    /// <summary>http://127.0.0.1:port, without a trailing slash.</summary>
    public string BaseUrl { get; }

    private LoopbackServer(WebApplication app, string baseUrl, TimeSpan? stopTimeout)
    {
        this.app = app;
        BaseUrl = baseUrl;
        this.stopTimeout = stopTimeout;
    }

    /// <param name="map">Maps the endpoints on the built app before it starts.</param>
    /// <param name="stopTimeout">How long disposing waits for requests in flight; null waits as the host does by default.</param>
    public static async Task<LoopbackServer> StartAsync(Action<WebApplication> map, TimeSpan? stopTimeout = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, address.TrimEnd('/'), stopTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        if (stopTimeout is { } timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await app.StopAsync(cts.Token);
        }
        else
        {
            await app.StopAsync();
        }
        await app.DisposeAsync();
    }
}
