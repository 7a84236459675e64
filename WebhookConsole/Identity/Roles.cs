namespace WebhookConsole.Identity;

public static class Roles
{
    public const string Admin = "Admin";
    public const string ProgramManager = "ProgramManager";
    public const string Support = "Support";

    public static readonly string[] All = [Admin, ProgramManager, Support];

    /// <summary>Comma lists for [Authorize(Roles = …)]: Admin may do everything.</summary>
    public const string AdminOrProgramManager = Admin + "," + ProgramManager;
    public const string AdminOrSupport = Admin + "," + Support;
    public const string Any = Admin + "," + ProgramManager + "," + Support;

    public static bool IsKnown(string? role) => role is not null && All.Contains(role, StringComparer.Ordinal);
}
