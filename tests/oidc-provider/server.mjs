// A real OpenID Provider (panva/oidc-provider) for the TokenBroker web-identity tests, on 127.0.0.1.
//
//   node server.mjs oidc   <port> [tls-dir]   oidc-provider itself; ID tokens come out of a genuine authorization-code
//                                             flow whose login and consent are completed automatically for login_hint.
//   node server.mjs static <port> <dir> [tls-dir]
//                                             serves /<tenant>/.well-known/openid-configuration and /<tenant>/jwks from
//                                             <dir>/<tenant>/{openid-configuration,jwks}.json, re-read on every request
//                                             (<dir>/<host>/<path>/… when the request names another host).
//
// With tls-dir (server.key, server.crt holding the chain) it serves HTTPS, else plain HTTP. It prints "listening" once
// ready and stops on SIGTERM or when its parent closes stdin.
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { readFileSync, existsSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import Provider from 'oidc-provider';

const [mode, portText, ...rest] = process.argv.slice(2);
const port = Number(portText);

function listen(handler, tlsDir) {
  const server = tlsDir
    ? https.createServer({
      key: readFileSync(path.join(tlsDir, 'server.key')),
      cert: readFileSync(path.join(tlsDir, 'server.crt')),
    }, handler)
    : http.createServer(handler);
  server.listen(port, '127.0.0.1', () => console.log('listening'));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.stdin.on('end', stop);
  process.stdin.resume();
}

function signingKey(type, options, kid, alg) {
  const { privateKey } = generateKeyPairSync(type, options);
  return { ...privateKey.export({ format: 'jwk' }), kid, alg, use: 'sig' };
}

const clientIds = { RS256: 'tokenbroker-rs256', ES256: 'tokenbroker-es256', ES384: 'tokenbroker-es384', RS512: 'tokenbroker-rs512' };
const redirectUri = 'https://client.example/callback';

function startOidc(tlsDir) {
  const issuer = `${tlsDir ? 'https' : 'http'}://127.0.0.1:${port}`;
  const provider = new Provider(issuer, {
    clients: Object.entries(clientIds).map(([alg, id]) => ({
      client_id: id,
      client_secret: `secret-for-${id}-that-is-long-enough`,
      redirect_uris: [redirectUri],
      response_types: ['code'],
      grant_types: ['authorization_code'],
      id_token_signed_response_alg: alg,
      token_endpoint_auth_method: 'client_secret_post',
    })),
    jwks: {
      keys: [
        signingKey('rsa', { modulusLength: 2048 }, 'rsa-2048', 'RS256'),
        signingKey('rsa', { modulusLength: 3072 }, 'rsa-3072', 'RS512'),
        signingKey('ec', { namedCurve: 'P-256' }, 'ec-p256', 'ES256'),
        signingKey('ec', { namedCurve: 'P-384' }, 'ec-p384', 'ES384'),
      ],
    },
    enabledJWA: { idTokenSigningAlgValues: ['RS256', 'RS512', 'ES256', 'ES384'] },
    claims: { openid: ['sub', 'https://aws.amazon.com/tags', 'https://aws.amazon.com/roles'] },
    conformIdTokenClaims: false,
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => false },
    ttl: { IdToken: 600, AccessToken: 600, AuthorizationCode: 60, Grant: 600, Interaction: 600, Session: 600 },
    async findAccount(ctx, id) {
      return {
        accountId: id,
        async claims() {
          return {
            sub: id,
            'https://aws.amazon.com/tags': {
              principal_tags: { Project: ['blue'], CostCenter: ['12345'] },
              transitive_tag_keys: ['Project'],
            },
            'https://aws.amazon.com/roles': ['arn:aws:iam::111122223333:role/web-identity'],
          };
        },
      };
    },
  });
  provider.proxy = false;

  // Login and consent for whoever login_hint names: the authorization request, the redirects and the token endpoint
  // stay oidc-provider's own.
  async function interaction(req, res) {
    try {
      const details = await provider.interactionDetails(req, res);
      const accountId = details.params.login_hint;
      const grant = new provider.Grant({ accountId, clientId: details.params.client_id });
      grant.addOIDCScope('openid');
      const grantId = await grant.save();
      await provider.interactionFinished(req, res,
        { login: { accountId, amr: ['pwd', 'mfa'] }, consent: { grantId } },
        { mergeWithLastSubmission: false });
    } catch (error) {
      res.statusCode = 500;
      res.end(String(error));
    }
  }

  const callback = provider.callback();
  listen((req, res) => (req.url.startsWith('/interaction/') ? interaction(req, res) : callback(req, res)), tlsDir);
}

// A request for 127.0.0.1 or localhost reads <dir>/<path>; one that names another host (a connection the broker
// redirected with --connect-to semantics) reads <dir>/<host>/<path>, so a tenant can stand in for a public issuer.
function tenantFolder(dir, req, tenantPath) {
  const host = (req.headers.host || '').replace(/:\d+$/, '');
  if (host === '127.0.0.1' || host === 'localhost') {
    return tenantPath ? path.join(dir, tenantPath) : null;
  }
  return /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(host) ? path.join(dir, host, tenantPath) : null;
}

function startStatic(dir, tlsDir) {
  listen((req, res) => {
    const match = /^((?:\/[A-Za-z0-9_-]+)*)\/(\.well-known\/openid-configuration|jwks)$/.exec(req.url);
    const folder = match && tenantFolder(dir, req, match[1]);
    const file = folder && path.join(folder, match[2] === 'jwks' ? 'jwks.json' : 'openid-configuration.json');
    if (req.method !== 'GET' || !file || !existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(readFileSync(file));
  }, tlsDir);
}

if (mode === 'oidc') {
  startOidc(rest[0]);
} else if (mode === 'static') {
  startStatic(rest[0], rest[1]);
} else {
  console.error('usage: node server.mjs oidc <port> [tls-dir] | static <port> <dir> [tls-dir]');
  process.exit(2);
}
