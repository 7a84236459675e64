namespace WebhookConsole.PushRules;

public static class PushRulesExtensions
{
    public static WebApplicationBuilder AddPushRules(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PushRuleService>();
        builder.Services.AddSingleton<PushRulePreviewService>();
        return builder;
    }

    public static RouteGroupBuilder MapPushRulesApi(this RouteGroupBuilder api)
    {
        api.MapPushRules();
        return api;
    }
}
