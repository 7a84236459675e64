using Scalar.AspNetCore;

namespace WebhookConsole.Api;

/// <summary>
/// The browsable API reference at /openapi (Scalar). A self-hosted console may run without internet: everything is
/// served by the console itself, and Scalar's hosted extras (developer toolbar with Deploy and Generate SDK, the AI
/// chat, MCP, telemetry, fonts from its CDN) are off. A bar above it leads back to the console.
/// </summary>
public static class ApiReference
{
    public const string Path = "/openapi";

    private const string HomeBar = """
        <nav id="console-bar" style="display:flex;align-items:center;gap:12px;padding:10px 20px;background:#1e1b4b;color:#fff;font:14px system-ui,sans-serif">
          <a id="console-home" href="/" style="color:#fff;text-decoration:none;font-weight:600">&larr; WebhookConsole</a>
          <span style="opacity:.75">API reference &middot; authenticate with <code>Authorization: Bearer &lt;api key&gt;</code> (Settings &rarr; API keys)</span>
        </nav>
        """;

    private const string Css = """
        .scalar-app, .scalar-api-reference { --scalar-font: Inter, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; --scalar-font-code: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
        """;

    public static IEndpointRouteBuilder MapApiReference(this IEndpointRouteBuilder app)
    {
        app.MapScalarApiReference(Path, o => o
                .WithTitle("WebhookConsole API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .WithFavicon("/favicon.svg")
                .HideDeveloperTools()
                .DisableAgent()
                .DisableMcp()
                .DisableTelemetry()
                .DisableDefaultFonts()
                .WithCustomCss(Css)
                .AddHeaderContent(HomeBar))
            .AllowAnonymous();
        return app;
    }
}
