using WebhookConsole.Audit;

namespace WebhookConsole.Tests.Audit;

[Trait("Lane", "Unit")]
public class AuditLogTests
{
    [Fact]
    public void Snapshots_mask_anything_named_like_a_secret()
    {
        var json = AuditLog.Snapshot(new
        {
            name = "Acme",
            secret = "whsec_abc",
            previousSecretEncrypted = "CfDJ8xyz",
            authHeaderName = "X-Api-Key",
            authHeaderValue = "s3cr3t",
            hasSecret = true,
            nested = new { password = "hunter2", token = "t0k3n", url = "https://acme.example" },
            list = new[] { new { apiKey = "k-1" } },
        })!;
        foreach (var leaked in new[] { "whsec_abc", "CfDJ8xyz", "s3cr3t", "hunter2", "t0k3n", "k-1" })
            Assert.DoesNotContain(leaked, json);
        Assert.Contains("Acme", json);
        Assert.Contains("X-Api-Key", json);
        Assert.Contains("https://acme.example", json);
        Assert.Contains("\"hasSecret\":true", json);
    }

    [Fact]
    public void The_diff_lists_changed_fields_by_path()
    {
        var changes = AuditDiff.Compare(
            """{"name":"Acme","url":"https://a.example","options":{"delaySeconds":0,"sendAnswers":false},"roles":["Admin"]}""",
            """{"name":"Acme","url":"https://b.example","options":{"delaySeconds":30,"sendAnswers":false},"roles":["Admin","Support"]}""");
        Assert.Equal(["url", "options.delaySeconds", "roles"], changes.Select(c => c.Field));
        Assert.Equal(("https://a.example", "https://b.example"), (changes[0].Before, changes[0].After));
        Assert.Equal("Admin, Support", changes[2].After);

        var created = AuditDiff.Compare(null, """{"id":"x","count":3}""");
        Assert.All(created, c => Assert.True(c.Added));
        Assert.Equal(3, AuditDiff.Compare("""{"a":1,"b":2,"c":3}""", """{"a":1,"b":2,"c":3}""", includeUnchanged: true).Count);
    }
}
