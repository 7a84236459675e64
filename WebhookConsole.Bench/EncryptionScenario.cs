using System.Diagnostics;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using WebhookConsole.Data.AtRest;

namespace WebhookConsole.Bench;

/// <summary>
/// The CPU cost of encryption at rest per delivery: sealing its payload when written, opening it when claimed, and sealing
/// the receiver's answer with the attempt (plus the event's data, once per event), as the app does: AES-256-GCM under a data
/// key wrapped by the Data Protection key ring and unwrapped once. Single thread; budget 100 µs per delivery.
/// </summary>
public sealed class EncryptionScenario(Sizes sizes)
{
    public Task<BenchResult> RunAsync()
    {
        var cipher = new AtRestCipher(new EphemeralDataProtectionProvider());
        cipher.UseDataKey(1, cipher.WrapDataKey(AtRestCipher.NewDataKey()), current: true);
        var payload = Encoding.UTF8.GetBytes(SamplePayload());
        var data = Encoding.UTF8.GetString(payload);
        const string response = """{"status":"accepted","id":"crm-4711"}""";
        var rounds = Math.Max(1_000, sizes.IngestSingle * 5);
        for (var i = 0; i < 500; i++) Once(); // warm-up
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < rounds; i++) Once();
        var perDelivery = clock.Elapsed.TotalMicroseconds / rounds;
        return Task.FromResult(new BenchResult("encryption", "Encryption at rest per delivery (seal data + payload, open payload, seal response)",
            perDelivery, "µs", "≤ 100 µs", perDelivery <= 100, $"{payload.Length} B payload, {rounds:N0} rounds"));

        void Once()
        {
            var sealedData = cipher.Seal(data);
            var sealedPayload = cipher.Seal(payload);
            if (cipher.Open(sealedPayload).Length != payload.Length || sealedData.Length == 0) throw new InvalidOperationException("round trip failed");
            cipher.Seal(response);
        }
    }

    /// <summary>A participation as a 2.0 receiver gets it, with leads: about 1.5 KB.</summary>
    private static string SamplePayload() => """
        {"id":"4711","ip":"203.0.113.7","url":"https://sunnyradio.example/quiz","startedAt":"2026-12-06T10:00:00Z","completedAt":"2026-12-06T10:03:00Z",
         "state":"COMPLETED","browser":{"userAgent":"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/133.0","language":"fr-BE"},
         "campaign":{"id":42,"name":"Summer quiz","type":"quiz","channel":{"website":{"id":7,"name":"Sunny Radio","domain":"sunnyradio.example","country":"BE"}}},
         "form":[{"id":"email","label":"E-mail","type":"email","responses":[{"value":"jane.doe@example.com"}]},
                 {"id":"firstname","label":"First name","type":"text","responses":[{"value":"Jane"}]},
                 {"id":"lastname","label":"Last name","type":"text","responses":[{"value":"Doe"}]},
                 {"id":"phone","label":"Phone","type":"phone","responses":[{"value":"+32475123456"}]},
                 {"id":"address","label":"Address","type":"text","responses":[{"value":"Rue de la Loi 16, 1000 Brussels"}]}],
         "optins":[{"id":1,"label":"Newsletter","response":true},{"id":2,"label":"Partners","response":false}],
         "questionnaire":[{"id":1,"question":"Which band played first?","responses":[{"id":3,"value":"The Ramblers","score":10}]}],
         "result":{"score":10,"maxScore":10,"profile":null,"prizes":[]},"variables":{"favourite_colour":"blue"}}
        """;
}
