using Hangfire.Dashboard;

namespace WebhookConsole.Jobs;

/// <summary>Scripts added to Hangfire's dashboard: its routes are process-wide, so each is registered once.</summary>
public static class HangfireDashboardScripts
{
    public const string Utc = "WebhookConsole.Jobs.HangfireUtc.js";
    private static int registered;

    /// <summary>Times in /hangfire as the console shows them: 24-hour UTC (HangfireUtc.js).</summary>
    public static void EnsureRegistered()
    {
        if (Interlocked.Exchange(ref registered, 1) == 0)
            DashboardRoutes.AddJavaScript(typeof(HangfireDashboardScripts).Assembly, Utc);
    }
}
