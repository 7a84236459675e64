using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;

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
}
