using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;
using WebhookConsole.EventLogs;
using WebhookConsole.Identity;
using WebhookConsole.Ingest;
using WebhookConsole.Integrations;
using WebhookConsole.MappingVariables;
using WebhookConsole.PushRules;
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
        });
        // Bad JSON surfaces as BadHttpRequestException everywhere, so it gets the same problem+json as other 4xx.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return builder;
    }

    public static WebApplication MapApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapScalarApiReference("/openapi", o => o.WithTitle("WebhookConsole API").WithOpenApiRoutePattern("/openapi/{documentName}.json"))
            .AllowAnonymous();

        var api = app.MapGroup("/api/v1")
            .RequireAuthorization(new AuthorizeAttribute
            {
                AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName,
                Roles = Roles.Any,
            });
        api.MapSourcesApi();
        api.MapIntegrationsApi();
        api.MapPushRulesApi();
        api.MapMappingVariablesApi();
        api.MapIngestApi();
        api.MapEventLogsApi();
        return app;
    }
}
