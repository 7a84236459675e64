namespace WebhookConsole.Sources;

public static class SourcesExtensions
{
    public static WebApplicationBuilder AddSources(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SourceService>();
        return builder;
    }
}
