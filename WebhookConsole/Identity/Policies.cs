using Microsoft.AspNetCore.Authorization;

namespace WebhookConsole.Identity;

/// <summary>
/// The authorization policies, defined once: endpoints use <c>RequireAuthorization(Policies.X)</c> and pages
/// <c>[Authorize(Policy = Policies.X)]</c>, so who may do what is read and changed here. Admin may do everything.
/// </summary>
public static class Policies
{
    /// <summary>Admins only: users, keys, integrations' changes, privacy, sources, backfill, audit, Hangfire.</summary>
    public const string Admin = "Admin";
    /// <summary>Push rules: admins and program managers.</summary>
    public const string ManageRules = "ManageRules";
    /// <summary>Support tools (inspector, signature checker, replays): admins and support.</summary>
    public const string Support = "Support";
    /// <summary>Every user role may read (event logs, integrations).</summary>
    public const string AnyUser = "AnyUser";
    /// <summary>Posting events: admin keys and ingest keys (the endpoint must also opt in, see <see cref="ApiAccess"/>).</summary>
    public const string PostEvents = "PostEvents";
    /// <summary>The /api/v1 gate: an API key with a user role, or an ingest key where allowed.</summary>
    public const string Api = "Api";

    public static void Register(AuthorizationOptions options)
    {
        options.AddPolicy(Admin, p => p.RequireRole(Roles.Admin));
        options.AddPolicy(ManageRules, p => p.RequireRole(Roles.Admin, Roles.ProgramManager));
        options.AddPolicy(Support, p => p.RequireRole(Roles.Admin, Roles.Support));
        options.AddPolicy(AnyUser, p => p.RequireRole(Roles.All));
        options.AddPolicy(PostEvents, p => p.RequireRole(Roles.Admin, Roles.Ingest));
        options.AddPolicy(Api, ApiAccess.Policy);
    }
}
