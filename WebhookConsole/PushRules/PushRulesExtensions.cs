namespace WebhookConsole.PushRules;

public static class PushRulesExtensions
{
    public static WebApplicationBuilder AddPushRules(this WebApplicationBuilder builder)
    {
        return builder;
    }

    public static RouteGroupBuilder MapPushRulesApi(this RouteGroupBuilder api)
    {
        return api;
    }
}
