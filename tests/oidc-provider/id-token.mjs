// Prints a genuine ID token from the local oidc-provider (server.mjs oidc), for trying AssumeRoleWithWebIdentity by hand:
//
//   node tests/oidc-provider/id-token.mjs <issuer> <client_id> <subject>
//
// It walks the authorization-code flow as a browser and a client would: /auth, the interaction that server.mjs
// completes for login_hint, the redirect with the code, then POST /token. Plain http (loopback) issuers only.
const [issuer, clientId, subject] = process.argv.slice(2);
if (!issuer || !clientId || !subject) {
  console.error('usage: node id-token.mjs <issuer> <client_id> <subject>');
  process.exit(2);
}

const redirectUri = 'https://client.example/callback';
const cookies = new Map();

async function get(url) {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
  });
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const index = pair.indexOf('=');
    cookies.set(pair.slice(0, index), pair.slice(index + 1));
  }
  if (response.status < 300 || response.status > 399) {
    throw new Error(`${url} answered ${response.status}: ${await response.text()}`);
  }
  return new URL(response.headers.get('location'), url);
}

const state = crypto.randomUUID();
let location = new URL('/auth', issuer);
location.search = new URLSearchParams({
  response_type: 'code', scope: 'openid', client_id: clientId, redirect_uri: redirectUri,
  login_hint: subject, nonce: crypto.randomUUID(), state,
}).toString();
for (let hop = 0; hop < 5 && !location.href.startsWith(redirectUri); hop++) {
  location = await get(location);
}

if (location.searchParams.get('state') !== state) {
  throw new Error('the authorization response did not return our state');
}

const token = await fetch(new URL('/token', issuer), {
  method: 'POST',
  body: new URLSearchParams({
    grant_type: 'authorization_code', code: location.searchParams.get('code'), redirect_uri: redirectUri,
    client_id: clientId, client_secret: `secret-for-${clientId}-that-is-long-enough`,
  }),
});
const body = await token.json();
if (!token.ok) {
  throw new Error(`token endpoint answered ${token.status}: ${JSON.stringify(body)}`);
}
console.log(body.id_token);
