namespace WebhookConsole.EventLogs;

public static class EventLogsExtensions
{
    public static WebApplicationBuilder AddEventLogs(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static RouteGroupBuilder MapEventLogsApi(this RouteGroupBuilder api)
    {
        return api;
    }
}
