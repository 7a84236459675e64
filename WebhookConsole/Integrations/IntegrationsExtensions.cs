namespace WebhookConsole.Integrations;

public static class IntegrationsExtensions
{
    public static WebApplicationBuilder AddIntegrations(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IntegrationSecrets>();
        return builder;
    }

    public static RouteGroupBuilder MapIntegrationsApi(this RouteGroupBuilder api)
    {
        return api;
    }
}
