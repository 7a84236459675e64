using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
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

namespace WebhookConsole.Api;

public static class ApiExtensions
{
    public static WebApplicationBuilder AddApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "WebhookConsole API";
            doc.Info.Description = "Send events, manage integrations and push rules, inspect and replay deliveries. Authenticate with `Authorization: Bearer <api key>`.";
            return Task.CompletedTask;
        }));
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // {"name":"a","name":"b"} is refused rather than stored as the last and forwarded as both.
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        // Bad JSON surfaces as BadHttpRequestException everywhere, so it gets the same problem+json as other 4xx.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

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
