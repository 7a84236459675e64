using Microsoft.AspNetCore.Diagnostics;

namespace WebhookConsole.Api;

/// <summary>Turns domain exceptions into problem+json for the API, each naming what was wrong.</summary>
internal sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var result = exception switch
        {
            ValidationException v => TypedResults.ValidationProblem(v.Errors, detail: v.Message, title: "The request is not valid."),
            ConflictException c => (IResult)TypedResults.Problem(c.Message, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
            KeyNotFoundException k => TypedResults.Problem(k.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            BadHttpRequestException b => TypedResults.Problem(Describe(b), statusCode: b.StatusCode, title: b.StatusCode == 413 ? "Payload too large" : "Bad request"),
            _ => null,
        };
        if (result is null) return false;
        await result.ExecuteAsync(context);
        return true;
    }

    /// <summary>Malformed JSON: say where it broke (the JSON path), not just that it did.</summary>
    private static string Describe(BadHttpRequestException b) => b.InnerException switch
    {
        System.Text.Json.JsonException j when j.Path is not null => $"The body is not valid JSON for this request at '{j.Path}': {j.Message}",
        System.Text.Json.JsonException j => $"The body is not valid JSON: {j.Message}",
        _ => b.Message,
    };
}
