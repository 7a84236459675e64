using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace WebhookConsole.Hosting;

/// <summary>
/// Every request body is capped by its endpoint: 1 MiB unless the endpoint says otherwise (<see cref="BodyLimit"/>;
/// events say 256 KiB, batches 32 MiB). Runs before authentication, so an anonymous request announcing a larger body is
/// refused without reading it, and a body that turns out larger stops being read at the limit.
/// </summary>
public static class RequestBodyLimits
{
    public const long Default = 1024 * 1024;

    public static RouteHandlerBuilder WithBodyLimit(this RouteHandlerBuilder endpoint, long bytes) => endpoint.WithMetadata(new BodyLimit(bytes));

    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? Default;
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = limit;
        if (context.Request.ContentLength > limit)
        {
            var detail = $"The body is {context.Request.ContentLength / 1024} KiB; at most {limit / 1024} KiB are accepted here. Nothing was read or stored.";
            await TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = [detail] })
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "Payload too large",
                Detail = detail,
            }).ExecuteAsync(context);
            return;
        }
        await next(context);
    });
}
