using System.Security.Claims;
using WebhookConsole.Identity;

namespace WebhookConsole.Privacy;

/// <summary>Who sees personal fields in clear: Admins (in the API and exports; in the console after pressing Reveal). Support and Program managers see them masked.</summary>
public static class PersonalDataAccess
{
    public static bool SeesClear(ClaimsPrincipal? user) => user?.IsInRole(Roles.Admin) == true;
}
