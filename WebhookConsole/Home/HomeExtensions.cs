namespace WebhookConsole.Home;

public static class HomeExtensions
{
    /// <summary>The dashboard's queries (it reads the event logs' figures, so it registers itself above them).</summary>
    public static WebApplicationBuilder AddHome(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DashboardQueries>();
        return builder;
    }
}
