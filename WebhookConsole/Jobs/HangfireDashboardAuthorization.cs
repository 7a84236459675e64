using Hangfire.Dashboard;
using WebhookConsole.Identity;

namespace WebhookConsole.Jobs;

/// <summary>The Hangfire dashboard is for signed-in Admins only (the endpoint also requires the role).</summary>
internal sealed class HangfireDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
}
