namespace WebhookConsole.Home;

/// <summary>How far the setup has come, for the dashboard before any delivery: what exists of each kind.</summary>
public sealed record DashboardStats(int Integrations, int ActiveIntegrations, int PushRules, int Events, int Websites, int Campaigns, int Programs);
