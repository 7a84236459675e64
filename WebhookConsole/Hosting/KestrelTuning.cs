namespace WebhookConsole.Hosting;

/// <summary>
/// Kestrel's response settings: no `Server` header (it only told every client, probes and API callers included, which
/// server answered). Kestrel's inline scheduling (a request run on the socket's thread, skipping a thread-pool hop) was
/// measured and left off: on two cores it cost more CPU per request than the hop it saves.
/// </summary>
public static class KestrelTuning
{
    public static WebApplicationBuilder AddKestrelTuning(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
        return builder;
    }
}
