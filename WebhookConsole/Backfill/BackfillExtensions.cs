namespace WebhookConsole.Backfill;

public static class BackfillExtensions
{
    public static WebApplicationBuilder AddBackfill(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BackfillOptions>()
            .Bind(builder.Configuration.GetSection(BackfillOptions.Section))
            .Validate(o => o.MaxEvents >= 1, "Backfill:MaxEvents must be at least 1.")
            .Validate(o => o.MaxAge > TimeSpan.Zero, "Backfill:MaxAge must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BackfillSelector>();
        builder.Services.AddSingleton<BackfillService>();
        builder.Services.AddTransient<BackfillJob>();
        return builder;
    }
}
