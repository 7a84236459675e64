namespace WebhookConsole.Privacy;

public static class PrivacyExtensions
{
    public static WebApplicationBuilder AddPrivacy(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ErasureMatcher>();
        builder.Services.AddSingleton<ErasureService>();
        builder.Services.AddTransient<ErasureJob>();
        return builder;
    }
}
