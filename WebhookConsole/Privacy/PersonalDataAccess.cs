using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using WebhookConsole.Identity;

namespace WebhookConsole.Privacy;

/// <summary>Who sees personal fields in clear: Admins (in the API and exports; in the console after pressing Reveal). Support and Program managers see them masked.</summary>
public static class PersonalDataAccess
{
    public static async Task<bool> SeesClearAsync(this IAuthorizationService authorization, ClaimsPrincipal? user) =>
        user is not null && (await authorization.AuthorizeAsync(user, Policies.Admin)).Succeeded;
}
