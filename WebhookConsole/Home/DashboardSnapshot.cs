using WebhookConsole.EventLogs;

namespace WebhookConsole.Home;

/// <summary>One load of the dashboard: setup counts, delivery figures, and integration names for the failure tables.</summary>
public sealed record DashboardSnapshot(DashboardStats Stats, DashboardData Data, IReadOnlyDictionary<string, string> IntegrationNames)
{
    public string NameOf(string integrationId) => IntegrationNames.GetValueOrDefault(integrationId, integrationId);
}
