using System.Globalization;
using System.Text;
using System.Text.Json;
using Bunit;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.Inspector;
using WebhookConsole.Signatures;

namespace WebhookConsole.Tests.Inspector;

/// <summary>bUnit: the inspector page's parts (bin form, bin list, one captured request) and the checker's result view.</summary>
[Trait("Lane", "Component")]
public class InspectorComponentsTests : BunitContext, IAsyncLifetime
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static readonly DateTimeOffset Now = new(2026, 1, 10, 12, 0, 0, TimeSpan.Zero);

    public InspectorComponentsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private static BinView Bin(string id, string name, int status = 200) => new(id, name, $"http://localhost/inspect/{id}", status, Now.AddHours(-1), Now.AddDays(6), "admin");

    [Fact]
    public void The_bin_form_validates_like_the_api_and_creates_only_valid_bins()
    {
        var created = new List<BinRequest>();
        var form = Render<BinCreateForm>(p => p.Add(x => x.OnCreate, (BinRequest r) => created.Add(r)));
        form.Find("#create-bin").Click();
        Assert.Contains("Name is required.", form.Markup);
        Assert.Empty(created);

        form.Find("input#bin-name").Change("CRM staging");
        form.Find("input#bin-status").Change("99");
        form.Find("#create-bin").Click();
        Assert.Contains("Response status must be an HTTP status from 200 to 599.", form.Markup);
        Assert.Empty(created);

        form.Find("input#bin-status").Change("500");
        form.Find("#create-bin").Click();
        Assert.Equal(new BinRequest("CRM staging", 500), Assert.Single(created));
    }

    [Fact]
    public void The_bin_list_marks_the_selected_bin_and_reports_select_and_delete()
    {
        BinView? selected = null, deleted = null;
        var list = Render<BinList>(p => p
            .Add(x => x.Bins, [Bin("bin_a", "Alpha"), Bin("bin_b", "Beta", 500)])
            .Add(x => x.SelectedId, "bin_a")
            .Add(x => x.Now, Now)
            .Add(x => x.OnSelect, (BinView b) => selected = b)
            .Add(x => x.OnDelete, (BinView b) => deleted = b));
        Assert.Equal("bin_a", list.Find(".bin-row.selected").GetAttribute("data-bin"));
        Assert.Contains("Expires in 6 d", list.Markup);
        list.FindAll(".bin-row")[1].Click();
        Assert.Equal("bin_b", selected?.Id);
        list.FindAll("button.delete-bin")[0].Click();
        Assert.Equal("bin_a", deleted?.Id);

        var empty = Render<BinList>(p => p.Add(x => x.Bins, []));
        Assert.Contains("No bins yet", empty.Find("#no-bins").TextContent);
    }

    private static InspectedRequestView Request(string body, long length, Dictionary<string, string> headers) => new(
        7, Now, "POST", "/orders?x=1", JsonSerializer.SerializeToElement(headers), body, length, length > body.Length, "127.0.0.1", 500);

    [Fact]
    public void A_captured_request_shows_method_headers_raw_body_and_a_cut_body_as_such()
    {
        var panel = Render<InspectedRequestPanel>(p => p.Add(x => x.Request,
            Request("""{"a": 1}""", 300 * 1024, new() { ["X-Custom"] = "hello", ["Authorization"] = "••••••••" })));
        Assert.Contains("POST", panel.Find(".request-facts").TextContent);
        Assert.Contains("/orders?x=1", panel.Markup);
        Assert.Contains("HTTP 500", panel.Markup);
        Assert.Contains("X-Custom", panel.Find(".headers-table").TextContent);
        Assert.Equal("""{"a": 1}""", panel.Find(".request-body pre").TextContent); // not pretty-printed
        Assert.Contains("first 256 KB kept", panel.Find(".body-length").TextContent);
        Assert.Empty(panel.FindAll(".signature-result"));
    }

    [Fact]
    public void A_captured_request_shows_its_signature_checks_or_why_there_are_none()
    {
        var body = """{"a":1}""";
        var bytes = Encoding.UTF8.GetBytes(body);
        var headers = new Dictionary<string, string>
        {
            ["X-Qualifio-Signature"] = WebhookSigner.QualifioSignature(Secret, bytes),
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = Now.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSigner.StandardSignature([Secret], "msg_1", Now.ToUnixTimeSeconds(), bytes),
        };
        var report = SignatureVerifier.Check(Secret, bytes, headers, Now);
        var panel = Render<InspectedRequestPanel>(p => p
            .Add(x => x.Request, Request(body, bytes.Length, headers))
            .Add(x => x.Check, new IntegrationSignatureReport(report, "current secret", null)));
        Assert.Equal(["valid", "valid"], panel.FindAll(".verdict").Select(v => v.GetAttribute("data-verdict")));
        Assert.Contains("current secret", panel.Markup);

        var unsigned = Render<InspectedRequestPanel>(p => p
            .Add(x => x.Request, Request(body, bytes.Length, []))
            .Add(x => x.Check, new IntegrationSignatureReport(null, null, "CRM has no signing secret, so its requests are not signed.")));
        Assert.Contains("no signing secret", unsigned.Find(".check-problem").TextContent);
    }

    [Fact]
    public void The_result_view_shows_received_and_expected_side_by_side_and_names_the_cause()
    {
        var signed = Encoding.UTF8.GetBytes("{\"a\":1}\n");
        var given = Encoding.UTF8.GetBytes("{\"a\":1}");
        var headers = new Dictionary<string, string>
        {
            ["X-Qualifio-Signature"] = WebhookSigner.QualifioSignature(Secret, signed),
            ["webhook-id"] = "msg_1",
            ["webhook-timestamp"] = Now.AddHours(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
            ["webhook-signature"] = WebhookSigner.StandardSignature([Secret], "msg_1", Now.AddHours(-1).ToUnixTimeSeconds(), signed),
        };
        var report = SignatureVerifier.Check(Secret, given, headers, Now);
        var view = Render<SignatureResultView>(p => p.Add(x => x.Report, report));
        Assert.Equal(["invalid", "invalid"], view.FindAll(".verdict").Select(v => v.GetAttribute("data-verdict")));
        Assert.Equal(headers["X-Qualifio-Signature"], view.Find(".check-qualifio .received").TextContent);
        Assert.Equal(report.Qualifio.Expected, view.Find(".check-qualifio .expected").TextContent);
        Assert.Contains("60 minutes old", view.Find(".check-standard .timestamp").TextContent);
        Assert.Equal(["trimmed whitespace", "trimmed whitespace", "timestamp outside 5 minutes"],
            view.FindAll(".diagnosis").Select(d => d.GetAttribute("data-cause")));
        Assert.DoesNotContain(Secret, view.Markup);
    }
}
