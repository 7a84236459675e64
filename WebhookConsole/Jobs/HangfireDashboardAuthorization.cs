using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authorization;
using WebhookConsole.Identity;

namespace WebhookConsole.Jobs;

/// <summary>The Hangfire dashboard is for signed-in Admins only (the endpoint also requires the policy).</summary>
internal sealed class HangfireDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        return (await http.RequestServices.GetRequiredService<IAuthorizationService>().AuthorizeAsync(http.User, Policies.Admin)).Succeeded;
    }
}
