namespace WebhookConsole.MappingVariables;

public static class MappingVariablesExtensions
{
    public static WebApplicationBuilder AddMappingVariables(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MappingVariableService>();
        return builder;
    }

    public static RouteGroupBuilder MapMappingVariablesApi(this RouteGroupBuilder api)
    {
        api.MapMappingVariables();
        return api;
    }
}
