// Reads {secret, headers, body} as JSON on stdin; exits 0 when the standardwebhooks package verifies it.
import { Webhook } from "standardwebhooks";

let input = "";
for await (const chunk of process.stdin) input += chunk;
const { secret, headers, body } = JSON.parse(input);
try {
  // The package wants the base64 part of a whsec_ secret, or raw bytes for other secrets.
  const wh = secret.startsWith("whsec_")
    ? new Webhook(secret.substring("whsec_".length))
    : new Webhook(Buffer.from(secret, "utf8").toString("base64"));
  const payload = wh.verify(body, headers);
  process.stdout.write(JSON.stringify({ ok: true, payload }));
} catch (e) {
  process.stdout.write(JSON.stringify({ ok: false, error: String(e && e.message || e) }));
  process.exit(1);
}
