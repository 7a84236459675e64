namespace WebhookConsole.Identity;

/// <summary>
/// The sign-in cookie's middleware (authentication, then the forced password change) runs only where a page may read the
/// signed-in user. Under /api and /metrics the authorization policy authenticates the API key itself and the /health
/// probes are anonymous, so there both passes only cost every call its CPU: the cookie is never read there.
/// </summary>
public static class ConsoleAuthentication
{
    /// <summary>
    /// The mark <c>UseAuthentication</c> leaves on the pipeline. A branch's mark stays in the branch, and a web application
    /// whose pipeline lacks it puts a second authentication middleware in front of everything, which would undo the branch.
    /// </summary>
    internal const string MiddlewareSetKey = "__AuthenticationMiddlewareSet";

    public static IApplicationBuilder UseConsoleAuthentication(this IApplicationBuilder app)
    {
        app.UseWhen(context => !ConsoleAuthenticationHandler.KeyOrAnonymous(context.Request.Path), signedIn => signedIn
            .UseAuthentication()
            .UsePasswordChangeRequired());
        app.Properties[MiddlewareSetKey] = true;
        return app;
    }
}
