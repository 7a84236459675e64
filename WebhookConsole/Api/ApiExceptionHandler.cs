using System.Text.Json;
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
            StaleVersionException s => TypedResults.Problem(s.Message, statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed since you read it"),
            Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException => TypedResults.Problem(
                "Someone else changed or deleted this resource while your change was being saved. Read it again and reapply your change; nothing was saved.",
                statusCode: StatusCodes.Status412PreconditionFailed, title: "Changed since you read it"),
            KeyNotFoundException k => TypedResults.Problem(k.Message, statusCode: StatusCodes.Status404NotFound, title: "Not found"),
            BadHttpRequestException { StatusCode: 413 } b => TypedResults.Problem(b.Message, statusCode: 413, title: "Payload too large"),
            BadHttpRequestException b => BindingProblem(b),
            _ => null,
        };
        if (result is null) return false;
        await result.ExecuteAsync(context);
        return true;
    }

    /// <summary>
    /// A body that could not be bound: an <c>errors</c> map naming the field (its JSON path) with our own words, not the
    /// serializer's, which would show .NET type names.
    /// </summary>
    private static IResult BindingProblem(BadHttpRequestException b)
    {
        var (field, message) = b.InnerException switch
        {
            JsonException j when j.Message.Contains("could not be mapped", StringComparison.Ordinal) =>
                (Field(j.Path), $"Unknown field '{LastSegment(j.Path)}'; leave it out."),
            JsonException j when DuplicateProperty.Message(j) is { } duplicate =>
                (Field(j.Path) is "body" && DuplicateProperty.Name(j) is { } name ? name : Field(j.Path), duplicate),
            JsonException j when j.Message.Contains("could not be converted", StringComparison.Ordinal) =>
                (Field(j.Path), $"The JSON value of '{Field(j.Path)}' has the wrong type or shape for this field."),
            JsonException j => ("body", $"The body is not valid JSON{Where(j)}."),
            _ when b.Message.Contains("was not provided", StringComparison.Ordinal) || b.Message.Contains("no body was provided", StringComparison.Ordinal) =>
                ("body", "A JSON body is required."),
            _ => ("body", "The request could not be read: " + b.Message),
        };
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] },
            detail: message, title: "Bad request");
    }

    private static string Where(JsonException j) => j.LineNumber is { } line ? $" at line {line + 1}, byte {j.BytePositionInLine + 1}" : "";

    /// <summary>`$.options.incomplete.send` → `options.incomplete.send`; `$` or nothing → `body`.</summary>
    private static string Field(string? path)
    {
        var field = (path ?? "$").TrimStart('$').TrimStart('.');
        return field.Length == 0 ? "body" : field;
    }

    private static string LastSegment(string? path) => Field(path).Split('.')[^1];
}
