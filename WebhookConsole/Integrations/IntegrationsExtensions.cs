using WebhookConsole.Dispatch;
using WebhookConsole.Integrations.Health;

namespace WebhookConsole.Integrations;

public static class IntegrationsExtensions
{
    public static WebApplicationBuilder AddIntegrations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IntegrationSecrets>();
        builder.Services.AddSingleton(sp => IntegrationRules.From(sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<DeliveryOptions>()));
        builder.Services.AddSingleton<IntegrationListReaders>();
        builder.Services.AddSingleton<IntegrationService>();
        builder.AddIntegrationHealth();
        return builder;
    }

    public static RouteGroupBuilder MapIntegrationsApi(this RouteGroupBuilder api) => api.MapIntegrationsRoutes().MapIntegrationHealthRoutes();
}
