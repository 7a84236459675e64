namespace WebhookConsole.Signatures;

/// <summary>
/// How a receiver verifies both signatures (Security tab, README). The two differ in their key, which is what trips people
/// up: `X-Qualifio-Signature` uses the whole secret string as UTF-8 (`whsec_` included), Standard Webhooks the bytes
/// base64-decoded from after `whsec_`. The suite runs the Node and Python ones against real signed requests.
/// </summary>
public static class VerificationSnippets
{
    public const string CSharp = """
        using System.Security.Cryptography;
        using System.Text;

        // X-Qualifio-Signature: key = the whole secret string as UTF-8 (whsec_ included), message = the raw body.
        static bool VerifyQualifio(string secret, byte[] rawBody, string header)
        {
            var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), rawBody));
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(header));
        }

        // webhook-signature (Standard Webhooks): key = base64-decoded part after whsec_, message = "id.timestamp.body".
        static bool VerifyStandard(string secret, byte[] rawBody, string id, string timestamp, string signatures)
        {
            if (Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - long.Parse(timestamp)) > 300) return false;
            var key = secret.StartsWith("whsec_") ? Convert.FromBase64String(secret[6..]) : Encoding.UTF8.GetBytes(secret);
            var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp}.").Concat(rawBody).ToArray();
            var expected = Encoding.UTF8.GetBytes("v1," + Convert.ToBase64String(HMACSHA256.HashData(key, signed)));
            // During a rotation there is one entry per live secret, separated by spaces.
            return signatures.Split(' ').Any(s => CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(s), expected));
        }
        """;

    public const string Node = """
        import crypto from "node:crypto";

        // X-Qualifio-Signature: key = the whole secret string as UTF-8 (whsec_ included), message = the raw body.
        export function verifyQualifio(secret, rawBody, header) {
          const expected = Buffer.from("sha256=" + crypto.createHmac("sha256", secret).update(rawBody).digest("hex"));
          const given = Buffer.from(header);
          return given.length === expected.length && crypto.timingSafeEqual(given, expected);
        }

        // webhook-signature (Standard Webhooks): key = base64-decoded part after whsec_, message = "id.timestamp.body".
        // The npm package standardwebhooks does the same: new Webhook(secret).verify(rawBody, headers).
        export function verifyStandard(secret, rawBody, headers) {
          const id = headers["webhook-id"], ts = headers["webhook-timestamp"];
          if (Math.abs(Date.now() / 1000 - Number(ts)) > 300) return false;
          const key = secret.startsWith("whsec_") ? Buffer.from(secret.slice(6), "base64") : Buffer.from(secret, "utf8");
          const expected = Buffer.from("v1," + crypto.createHmac("sha256", key).update(`${id}.${ts}.`).update(rawBody).digest("base64"));
          // During a rotation there is one entry per live secret, separated by spaces.
          return headers["webhook-signature"].split(" ").map(s => Buffer.from(s))
            .some(given => given.length === expected.length && crypto.timingSafeEqual(given, expected));
        }
        """;

    public const string Python = """
        import base64, hashlib, hmac, time

        # X-Qualifio-Signature: key = the whole secret string as UTF-8 (whsec_ included), message = the raw body.
        def verify_qualifio(secret: str, raw_body: bytes, header: str) -> bool:
            expected = "sha256=" + hmac.new(secret.encode(), raw_body, hashlib.sha256).hexdigest()
            return hmac.compare_digest(expected, header)

        # webhook-signature (Standard Webhooks): key = base64-decoded part after whsec_, message = "id.timestamp.body".
        def verify_standard(secret: str, raw_body: bytes, headers) -> bool:
            msg_id, ts = headers["webhook-id"], headers["webhook-timestamp"]
            if abs(time.time() - int(ts)) > 300:
                return False
            key = base64.b64decode(secret[6:]) if secret.startswith("whsec_") else secret.encode()
            digest = hmac.new(key, f"{msg_id}.{ts}.".encode() + raw_body, hashlib.sha256).digest()
            expected = "v1," + base64.b64encode(digest).decode()
            # During a rotation there is one entry per live secret, separated by spaces.
            return any(hmac.compare_digest(expected, s) for s in headers["webhook-signature"].split(" "))
        """;

    public const string Php = """
        <?php
        // X-Qualifio-Signature: key = the whole secret string as UTF-8 (whsec_ included), message = the raw body.
        function verifyQualifio(string $secret, string $rawBody, string $header): bool {
            return hash_equals('sha256=' . hash_hmac('sha256', $rawBody, $secret), $header);
        }

        // webhook-signature (Standard Webhooks): key = base64-decoded part after whsec_, message = "id.timestamp.body".
        function verifyStandard(string $secret, string $rawBody, string $id, string $ts, string $signatures): bool {
            if (abs(time() - (int)$ts) > 300) return false;
            $key = str_starts_with($secret, 'whsec_') ? base64_decode(substr($secret, 6)) : $secret;
            $expected = 'v1,' . base64_encode(hash_hmac('sha256', "$id.$ts.$rawBody", $key, true));
            // During a rotation there is one entry per live secret, separated by spaces.
            foreach (explode(' ', $signatures) as $given) if (hash_equals($expected, $given)) return true;
            return false;
        }

        // $rawBody = file_get_contents('php://input');
        // verifyQualifio($secret, $rawBody, $_SERVER['HTTP_X_QUALIFIO_SIGNATURE']);
        // verifyStandard($secret, $rawBody, $_SERVER['HTTP_WEBHOOK_ID'], $_SERVER['HTTP_WEBHOOK_TIMESTAMP'], $_SERVER['HTTP_WEBHOOK_SIGNATURE']);
        """;

    public static IReadOnlyList<VerificationSnippet> All { get; } =
    [
        new("C#", CSharp),
        new("Node.js", Node),
        new("Python", Python),
        new("PHP", Php),
    ];
}
