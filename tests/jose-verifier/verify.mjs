// Usage: node verify.mjs ISSUER AUDIENCE < token
// Fetches ISSUER/.well-known/openid-configuration, then its jwks_uri, and verifies the token read from stdin with
// jose; prints the verified payload as JSON, or the error and exits 1.
import { createRemoteJWKSet, jwtVerify } from 'jose';

const [issuer, audience] = process.argv.slice(2);
const token = (await new Promise((resolve) => {
  let text = '';
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => resolve(text));
})).trim();

try {
  const discovery = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token, jwks, {
    issuer: discovery.issuer, audience, algorithms: discovery.id_token_signing_alg_values_supported,
  });
  console.log(JSON.stringify({ alg: protectedHeader.alg, payload }));
} catch (error) {
  console.error(`${error.code ?? 'ERROR'}: ${error.message}`);
  process.exit(1);
}
