using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WebhookConsole.Api;
using WebhookConsole.Identity;

namespace WebhookConsole.PushRules;

internal static class PushRulesApi
{
    public static RouteGroupBuilder MapPushRules(this RouteGroupBuilder api)
    {
        var rules = api.MapGroup("/push-rules").WithTags("Push rules")
            .RequireAuthorization(Policies.ManageRules);
        rules.MapGet("/", async (string? scopeKind, string? scopeId, PushRuleService s, CancellationToken ct) =>
                TypedResults.Ok((await s.ListAsync(scopeKind, scopeId, ct)).Select(PushRuleDto.From).ToList()))
            .WithSummary("List push rules, optionally of one scope (scopeKind, scopeId)");
        rules.MapGet("/{id}", async (string id, PushRuleService s, HttpContext http, CancellationToken ct) => TypedResults.Ok(Tag(http, await s.GetAsync(id, ct))))
            .WithSummary("One push rule");
        rules.MapPost("/", async Task<Created<PushRuleDto>> (PushRuleRequest r, PushRuleService s, ClaimsPrincipal u, CancellationToken ct) =>
            {
                var rule = await s.CreateAsync(r, CurrentActor.Of(u), ct);
                return TypedResults.Created($"/api/v1/push-rules/{rule.Id}", PushRuleDto.From(rule));
            })
            .ProducesValidationProblem()
            .WithSummary("Create a push rule")
            .WithDescription("""
                `{scope: {kind, id?}, eventTypes: [...], destinations: [integrationId...]}`. Scopes: `account` (no id),
                `website`, `campaign` (participation event types, participation integrations) or `program` (loyalty event
                types, loyalty integrations). Participation events use the most specific level that has a rule for their
                type (campaign, then website, then account); an empty `destinations` list there means "push nowhere".
                Loyalty events use every rule of their program.
                """);
        rules.MapPut("/{id}", async (string id, PushRuleRequest r, PushRuleService s, ClaimsPrincipal u, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(Tag(http, await s.UpdateAsync(id, r, CurrentActor.Of(u), ct, ETags.IfMatch(http.Request)))))
            .ProducesValidationProblem()
            .WithSummary("Replace a push rule");
        rules.MapDelete("/{id}", async (string id, PushRuleService s, ClaimsPrincipal u, HttpRequest request, CancellationToken ct) =>
            {
                await s.DeleteAsync(id, CurrentActor.Of(u), ct, ETags.IfMatch(request));
                return TypedResults.NoContent();
            })
            .WithSummary("Delete a push rule");
        return api;
    }

    private static PushRuleDto Tag(HttpContext http, PushRule rule) => http.Tagged(PushRuleDto.From(rule), rule.Version);
}
