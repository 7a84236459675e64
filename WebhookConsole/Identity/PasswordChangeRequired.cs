namespace WebhookConsole.Identity;

/// <summary>
/// A user whose password an admin set sees nothing but the password change page until they choose their own
/// (static files and the sign-in pages stay reachable).
/// </summary>
public static class PasswordChangeRequired
{
    public const string PagePath = "/account/password";

    public static IApplicationBuilder UsePasswordChangeRequired(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var path = context.Request.Path;
        if (context.User.HasClaim(c => c.Type == SessionClaims.MustChangePassword)
            && !path.StartsWithSegments("/account") && !path.StartsWithSegments("/_framework") && !path.StartsWithSegments("/_content")
            && !Path.HasExtension(path.Value))
        {
            if (path.StartsWithSegments("/api") || path.StartsWithSegments("/_blazor"))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            context.Response.Redirect($"{PagePath}?returnUrl={Uri.EscapeDataString(path + context.Request.QueryString)}");
            return;
        }
        await next(context);
    });
}
