namespace WebhookConsole.EventLogs;

public static class EventLogsExtensions
{
    public static WebApplicationBuilder AddEventLogs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.Days >= 1, "Retention:Days must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReplayOptions>()
            .Bind(builder.Configuration.GetSection(ReplayOptions.Section))
            .Validate(o => o.MaxPerSecondPerIntegration >= 1, "Replay:MaxPerSecondPerIntegration must be at least 1.")
            .ValidateOnStart();
        builder.Services.AddSingleton<DeliveryQueries>();
        builder.Services.AddSingleton<DeliveryReveals>();
        builder.Services.AddSingleton<ReplayService>();
        builder.Services.AddSingleton<BulkReplayJobs>();
        builder.Services.AddTransient<BulkReplayJob>();
        builder.Services.AddSingleton<RetentionService>();
        builder.Services.AddTransient<RetentionJob>();
        builder.Services.AddHostedService<RetentionSchedule>();
        builder.Services.AddSingleton<AuditQueries>();
        return builder;
    }

    public static RouteGroupBuilder MapEventLogsApi(this RouteGroupBuilder api) => api.MapDeliveriesApi();

    /// <summary>Endpoints of the event logs UI outside the API: the CSV export for the signed-in user.</summary>
    public static IEndpointRouteBuilder MapEventLogsUi(this IEndpointRouteBuilder app) => app.MapEventLogsExport();
}
