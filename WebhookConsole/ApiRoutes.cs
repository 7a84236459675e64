using WebhookConsole.Api;
using WebhookConsole.Backfill;
using WebhookConsole.EventLogs;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Inspector;
using WebhookConsole.Integrations;
using WebhookConsole.MappingVariables;
using WebhookConsole.Privacy;
using WebhookConsole.PushRules;
using WebhookConsole.Signatures;
using WebhookConsole.Sources;

namespace WebhookConsole;

/// <summary>The API's route table: every feature's endpoints under /api/v1, composed here at the top so Api names no feature.</summary>
public static class ApiRoutes
{
    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapApiReference();

        var api = app.MapGroup("/api/v1").RequireAuthorization(Policies.Api);
        // Graceful shutdown: once stopping, refuse new writes (the platform retries) while in-flight work completes.
        api.AddEndpointFilter(async (context, next) =>
        {
            var lifetime = context.HttpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>();
            if (lifetime.ApplicationStopping.IsCancellationRequested && !HttpMethods.IsGet(context.HttpContext.Request.Method))
            {
                context.HttpContext.Response.Headers.RetryAfter = "5";
                return TypedResults.Problem("The console is shutting down; nothing was written. Retry in a few seconds.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Shutting down");
            }
            return await next(context);
        });
        api.MapSourcesApi();
        api.MapIntegrationsApi();
        api.MapBackfillApi();
        api.MapPushRulesApi();
        api.MapMappingVariablesApi();
        api.MapIngestApi();
        api.MapEventLogsApi();
        api.MapApiKeysApi();
        api.MapUsersApi();
        api.MapInspectorApi();
        api.MapSignaturesApi();
        api.MapPrivacyApi();
        return app;
    }
}
