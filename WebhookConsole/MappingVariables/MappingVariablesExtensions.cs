namespace WebhookConsole.MappingVariables;

public static class MappingVariablesExtensions
{
    public static WebApplicationBuilder AddMappingVariables(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static RouteGroupBuilder MapMappingVariablesApi(this RouteGroupBuilder api)
    {
        return api;
    }
}
