namespace WebhookConsole.Ingest;

public static class IngestExtensions
{
    public static WebApplicationBuilder AddIngest(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static RouteGroupBuilder MapIngestApi(this RouteGroupBuilder api)
    {
        return api;
    }
}
