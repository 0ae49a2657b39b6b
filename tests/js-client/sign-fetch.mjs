// Signs a request with @smithy/signature-v4 (the AWS SDK for JavaScript v3's signer) and sends it with fetch, as a
// browser or Node client of a resource server behind a proxy would. Prints {"status", "body", "headers"} as JSON.
// Usage: node sign-fetch.mjs METHOD URL SERVICE REGION (credentials in AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN)
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";

class Sha256 {
  constructor(secret) { this.hash = secret ? createHmac("sha256", secret) : createHash("sha256"); }
  update(data) { this.hash.update(typeof data === "string" ? Buffer.from(data, "utf8") : data); }
  async digest() { return new Uint8Array(this.hash.digest()); }
}

const [method, target, service, region] = process.argv.slice(2);
const url = new URL(target);
const query = {};
for (const [name, value] of url.searchParams) query[name] = value;
const signer = new SignatureV4({
  service,
  region,
  sha256: Sha256,
  credentials: {
    accessKeyId: process.env.AWS_ACCESS_KEY_ID,
    secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY,
    sessionToken: process.env.AWS_SESSION_TOKEN || undefined,
  },
});
const signed = await signer.sign({
  method,
  protocol: url.protocol,
  hostname: url.hostname,
  port: url.port ? Number(url.port) : undefined,
  path: url.pathname,
  query,
  headers: { host: url.host },
});
delete signed.headers.host;
const response = await fetch(target, { method, headers: signed.headers, signal: AbortSignal.timeout(30000) });
const headers = {};
response.headers.forEach((value, name) => { headers[name] = value; });
console.log(JSON.stringify({ status: response.status, body: await response.text(), headers }));
