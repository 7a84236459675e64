using WebhookConsole.Ingest;
using WebhookConsole.Sources;

namespace WebhookConsole.PushRules;

/// <summary>A sample event of a scope, for the preview to route: a loyalty event of a program or a completed participation.</summary>
public static class PushRuleExample
{
    public static string For(PushRuleScopeOption s, IReadOnlyList<Campaign> campaigns, DateTimeOffset now)
    {
        if (s.IsProgram)
            return $$"""
                {
                  "type": "loyalty.points_earned",
                  "source": { "programId": "{{s.Scope.Id}}" },
                  "data": { "member": { "id": "mem-1001", "email": "ann@example.com" }, "points": 25, "balance": 140 }
                }
                """;
        var campaign = s.Scope.Kind == PushRuleScopes.Campaign ? campaigns.First(c => c.Id == s.Scope.Id)
            : campaigns.FirstOrDefault(c => s.WebsiteId is null || c.WebsiteId == s.WebsiteId);
        return $$"""
            {
              "type": "participation.completed",
              "source": { "campaignId": "{{campaign?.Id ?? "your-campaign-id"}}" },
              "data": {
                "id": "p-{{now:HHmmss}}",
                "startedAt": "{{EventParser.Format(now.AddMinutes(-4))}}",
                "completedAt": "{{EventParser.Format(now)}}",
                "form": [ { "id": "email", "label": "E-mail", "value": "ann@example.com" } ],
                "optins": [ { "id": "newsletter", "label": "Newsletter", "value": true } ],
                "questionnaire": [ { "questionId": "q1", "question": "Favourite colour?", "answers": [ { "id": "a2", "answer": "Blue" } ] } ],
                "result": { "score": 8, "maxScore": 10, "profile": "Explorer", "prizes": [] }
              }
            }
            """;
    }
}
