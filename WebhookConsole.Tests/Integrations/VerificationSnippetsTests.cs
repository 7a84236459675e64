using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Bunit;
using MudBlazor.Services;
using WebhookConsole.Dispatch;
using WebhookConsole.Integrations;
using WebhookConsole.Signatures;

namespace WebhookConsole.Tests.Integrations;

/// <summary>
/// The receiver snippets the Security tab and the README show, run as a receiver would run them (node, python3) against
/// signatures made by <see cref="WebhookSigner"/>: right secret accepted, tampered body or wrong key refused.
/// </summary>
[Trait("Lane", "Component")]
public class VerificationSnippetsTests : BunitContext, IAsyncLifetime
{
    private const string Body = """{"id":"part-1","state":"COMPLETED","name":"Zoë"}""";
    private const string Whsec = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string PlainSecret = "a plain shared secret of some length";

    public VerificationSnippetsTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    public static TheoryData<string, string> Secrets => new() { { "whsec", Whsec }, { "plain", PlainSecret } };

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task The_node_snippet_accepts_real_signatures_and_refuses_forged_ones(string kind, string secret)
    {
        var harness = """

            const cases = JSON.parse(await new Promise(r => { let s = ""; process.stdin.on("data", d => s += d); process.stdin.on("end", () => r(s)); }));
            console.log(JSON.stringify(cases.map(c => [
              verifyQualifio(c.secret, Buffer.from(c.body, "utf8"), c.qualifio),
              verifyStandard(c.secret, Buffer.from(c.body, "utf8"), c.headers)])));
            """;
        var results = await RunAsync("node", "snippet.mjs", VerificationSnippets.Node + harness, Cases(secret));
        Assert.True(Expected.SequenceEqual(results), $"{kind}: {string.Join(" ", results)}");
    }

    [Theory]
    [MemberData(nameof(Secrets))]
    public async Task The_python_snippet_accepts_real_signatures_and_refuses_forged_ones(string kind, string secret)
    {
        var harness = """

            import json, sys
            cases = json.load(sys.stdin)
            print(json.dumps([[verify_qualifio(c["secret"], c["body"].encode(), c["qualifio"]),
                               verify_standard(c["secret"], c["body"].encode(), c["headers"])] for c in cases]))
            """;
        var results = await RunAsync("python3", "snippet.py", VerificationSnippets.Python + harness, Cases(secret));
        Assert.True(Expected.SequenceEqual(results), $"{kind}: {string.Join(" ", results)}");
    }

    [Fact]
    public void The_security_tab_help_says_which_key_signs_which_header_and_shows_four_languages()
    {
        var help = Render<SignatureHelp>(p => p.Add(x => x.SignatureHeader, "X-Acme-Signature").Add(x => x.Expanded, true));
        var keys = help.Find("#signature-keys").TextContent;
        Assert.Contains("X-Acme-Signature", keys);
        Assert.Contains("whole secret string", keys);
        Assert.Contains("base64-decoded", keys);
        Assert.Equal(["C#", "Node.js", "Python", "PHP"], help.FindAll("#snippet-tabs .mud-tab").Select(t => t.TextContent.Trim()));
        // The configured header name replaces the default in the code too.
        Assert.Contains("X-Acme-Signature", help.Find(".snippet pre").TextContent);
        Assert.DoesNotContain("X-Qualifio-Signature", help.Markup);
    }

    [Fact]
    public void The_readme_shows_the_same_snippets()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "WebhookConsole.sln"))) dir = dir.Parent;
        var readme = File.ReadAllText(Path.Combine(dir!.FullName, "README.md"));
        Assert.All(VerificationSnippets.All, s => Assert.Contains(s.Code.ReplaceLineEndings("\n"), readme.ReplaceLineEndings("\n")));
    }

    /// <summary>Per case: Qualifio header accepted?, Standard Webhooks accepted?</summary>
    private static readonly bool[] Expected =
    [
        true, true, // as sent
        true, true, // during a rotation (two webhook-signature entries, the live one second)
        false, false, // body changed after signing
        false, false, // signed with another secret
    ];

    private static object[] Cases(string secret)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        object Case(string signedWith, string sentBody, IEnumerable<string> standardSecrets) => new
        {
            secret,
            body = sentBody,
            qualifio = WebhookSigner.QualifioSignature(signedWith, Encoding.UTF8.GetBytes(Body)),
            headers = new Dictionary<string, string>
            {
                ["webhook-id"] = "msg_01test",
                ["webhook-timestamp"] = now.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["webhook-signature"] = WebhookSigner.StandardSignature(standardSecrets, "msg_01test", now, Encoding.UTF8.GetBytes(Body)),
            },
        };
        const string other = "whsec_b3RoZXIgc2VjcmV0IG9mIDMyIGJ5dGVzISEhISEhISE=";
        return
        [
            Case(secret, Body, [secret]),
            Case(secret, Body, [other, secret]),
            Case(secret, Body.Replace("COMPLETED", "INCOMPLETE"), [secret]),
            Case(other, Body, [other]),
        ];
    }

    private static async Task<bool[]> RunAsync(string program, string file, string code, object[] cases)
    {
        var folder = Directory.CreateTempSubdirectory("wc-snippet-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, file), code);
            var start = new ProcessStartInfo(program, file)
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            await process.StandardInput.WriteAsync(JsonSerializer.Serialize(cases));
            process.StandardInput.Close();
            var output = await process.StandardOutput.ReadToEndAsync();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{program} {file} exited with {process.ExitCode}: {error}");
            return JsonSerializer.Deserialize<bool[][]>(output)!.SelectMany(r => r).ToArray();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
