namespace WebhookConsole.Hosting;

/// <summary>
/// Response headers that keep the browser strict: a Content-Security-Policy that fits Blazor Server and MudBlazor
/// (scripts only from this origin, no eval; inline styles, which MudBlazor sets on elements; the circuit's WebSocket to
/// this origin), no framing, no MIME sniffing, no referrer to other origins. The API reference at /openapi and the
/// Hangfire dashboard bring inline scripts of their own and get every header but the script rules.
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    private const string ThirdPartyPagesPolicy = "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    // Set as the response starts, not before the pipeline runs: the exception handler clears the headers of a failed
    // request before it writes its error answer, and that answer needs them too.
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var path = context.Request.Path;
            headers.ContentSecurityPolicy = path.StartsWithSegments("/openapi") || path.StartsWithSegments("/hangfire")
                ? ThirdPartyPagesPolicy
                : ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            return Task.CompletedTask;
        });
        return next(context);
    });
}
