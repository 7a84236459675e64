namespace WebhookConsole.Integrations.Health;

public static class IntegrationHealthExtensions
{
    public static WebApplicationBuilder AddIntegrationHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(BlockOptions.From(builder.Configuration));
        builder.Services.AddSingleton<IntegrationHealthService>();
        builder.Services.AddSingleton<IntegrationBlocker>();
        builder.Services.AddHostedService<BlockRuleSchedule>();
        return builder;
    }
}
