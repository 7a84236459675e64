using System.Text.Json;
using WebhookConsole.Privacy;

namespace WebhookConsole.Tests.Privacy;

/// <summary>Which fields the masker hides, and how they look afterwards.</summary>
[Trait("Lane", "Unit")]
public class PayloadMaskerTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Personal_fields_are_masked_and_ids_and_descriptions_stay()
    {
        var masked = PayloadMasker.Default.Mask(Json("""
            {"id":"p-1","ip":"203.0.113.7","browser":{"userAgent":"Mozilla/5.0","language":"fr"},
             "campaign":{"id":42,"name":"Summer quiz"},
             "form":[{"id":"email","label":"E-mail","value":"jane.doe@example.com"},{"id":"phone","label":"Phone","responses":[{"value":"+32475123456","label":"Mobile"}]}],
             "optins":[{"id":7,"label":"Newsletter","response":true}],
             "variables":{"favourite_colour":"blue"},
             "member":{"id":"mem-1","name":"Jane Doe","email":"jane.doe@example.com","phoneNumber":"+33 6 12"}}
            """), []).GetRawText();

        foreach (var clear in new[] { "jane.doe@", "203.0.113.7", "Mozilla", "+32475123456", "Jane Doe", "blue", "true", "+33 6 12" })
            Assert.DoesNotContain(clear, masked);
        Assert.Contains("\"j\\u2022\\u2022\\u2022@example.com\"", masked);
        foreach (var kept in new[] { "\"p-1\"", "\"mem-1\"", "Summer quiz", "\"E-mail\"", "\"Newsletter\"", "\"Mobile\"", "42" })
            Assert.Contains(kept, masked);
    }

    [Fact]
    public void Admin_paths_mask_whole_subtrees_and_look_through_arrays()
    {
        var masked = PayloadMasker.Default.Mask(Json("""
            [{"id":"evt_1","member":{"id":"m1","nickname":"jdoe","pets":["Rex"]},"data":{"points":10,"shop":"Brussels"}},
             {"id":"evt_2","member":{"id":"m2","nickname":"bob"},"data":{"points":5,"shop":"Paris"}}]
            """), [new MaskPath("member.nickname"), new MaskPath("*.data.shop"), new MaskPath("member.pets")]).GetRawText();

        foreach (var clear in new[] { "jdoe", "bob", "Brussels", "Paris", "Rex" }) Assert.DoesNotContain(clear, masked);
        foreach (var kept in new[] { "\"m1\"", "\"m2\"", "\"evt_1\"", "\"points\":10" }) Assert.Contains(kept, masked);
    }

    [Fact]
    public void Text_that_is_not_json_gets_its_addresses_masked()
    {
        Assert.Equal("unknown recipient j•••@example.com (code 5)", PayloadMasker.Default.MaskText("unknown recipient jane@example.com (code 5)", []));
        Assert.Equal("""{"error":"b•••@example.org"}""", PayloadMasker.Default.MaskText("""{"error":"bob@example.org"}""", [])!.Replace("\\u2022", "•"));
    }

    [Theory]
    [InlineData("member.birthDate", null)]
    [InlineData("form.*.value", null)]
    [InlineData("member..x", "not a path")]
    [InlineData("member.[0]", "not a path")]
    [InlineData(" ", "Give a JSON path")]
    public void Admin_paths_are_checked(string path, string? problem)
    {
        var found = MaskPath.Problem(path);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }
}
