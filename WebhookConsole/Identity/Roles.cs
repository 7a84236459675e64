namespace WebhookConsole.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string ProgramManager = "ProgramManager";
    public const string Support = "Support";
    /// <summary>API keys only: may post events and nothing else (the platform's key needs no more).</summary>
    public const string Ingest = "Ingest";

    /// <summary>Roles of users.</summary>
    public static readonly string[] All = [Admin, ProgramManager, Support];
    /// <summary>Roles an API key may have.</summary>
    public static readonly string[] ApiKeyRoles = [Admin, ProgramManager, Support, Ingest];

    /// <summary>Most powerful first: the order roles are listed in, and the first is a user's `role` in the API.</summary>
    public static int Rank(string role) => Array.IndexOf(All, role) is >= 0 and var i ? i : All.Length;

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
    public static bool IsApiKeyRole(string? role) => role is not null && ApiKeyRoles.Contains(role, StringComparer.Ordinal);
}
