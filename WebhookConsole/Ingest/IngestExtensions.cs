using WebhookConsole.Routing;

namespace WebhookConsole.Ingest;

public static class IngestExtensions
{
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReferenceDataCache>();
        builder.Services.AddSingleton<IngestService>();
        builder.Services.AddSingleton<LargeBodyGate>();
        return builder;
    }

    public static RouteGroupBuilder MapIngestApi(this RouteGroupBuilder api)
    {
        api.MapEvents();
        api.MapEventTypes();
        return api;
    }
}
