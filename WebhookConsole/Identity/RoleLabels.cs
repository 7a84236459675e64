namespace WebhookConsole.Identity;

/// <summary>Roles as people read them; the identifiers (`ProgramManager`) stay in the API and the database.</summary>
public static class RoleLabels
{
    public static string Label(string role) => role switch
    {
        Roles.ProgramManager => "Program manager",
        _ => role,
    };

    /// <summary>What a role may do, for pickers.</summary>
    public static string Meaning(string role) => role switch
    {
        Roles.Admin => "everything, including users, API keys and secrets",
        Roles.ProgramManager => "push rules; reads integrations",
        Roles.Support => "event logs: search, inspect, replay",
        Roles.Ingest => "posts events and nothing else (API keys only: give the platform this one)",
        _ => "",
    };
}
