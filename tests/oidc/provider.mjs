// The identity providers keel's OpenID Connect tests sign in with, on one loopback TLS
// port (certificate from the test's own CA):
//
//   /            a real OpenID provider: npm `oidc-provider`, a certified implementation,
//                with one confidential client (code flow, PKCE required). Its login and
//                consent steps complete by themselves as the identity the test chose with
//                POST /test/next-login {sub, email, email_verified, name}.
//   /crafted/... a tiny provider that hands out id_tokens the real one never would
//                (expired, wrong aud/iss/nonce, alg confusion, a rotated-out key), chosen
//                with POST /crafted/mode {mode}; POST /crafted/rotate replaces its key.
//   /stall/...   accepts and never answers (a provider that hangs).
//
//                Like Apple, it answers `response_mode=form_post` with a page that posts
//                the code to keel, and for the client APPLE_CLIENT_ID it accepts only a
//                client_secret that is an ES256 JWT signed with the key whose public half
//                is APPLE_PUBLIC_KEY (iss APPLE_TEAM_ID, kid APPLE_KEY_ID, sub the client,
//                aud https://appleid.apple.com), checked with `jose`.
//
// Environment: PORT, TLS_KEY, TLS_CERT (files), CLIENT_ID, CLIENT_SECRET, REDIRECT_URIS
// (comma list), APPLE_CLIENT_ID, APPLE_TEAM_ID, APPLE_KEY_ID, APPLE_PUBLIC_KEY (a PEM
// file). Prints "ready" on stdout once listening.
import crypto from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const env = (k) => {
  if (!process.env[k]) throw new Error(`${k} is required`);
  return process.env[k];
};
const PORT = Number(env('PORT'));
const ORIGIN = `https://localhost:${PORT}`;
const CLIENT_ID = env('CLIENT_ID');
const CLIENT_SECRET = env('CLIENT_SECRET');
const REDIRECT_URIS = env('REDIRECT_URIS').split(',');

// ---- the real provider ------------------------------------------------------------------
let nextLogin = { sub: 'alice', email: 'alice@example.com', email_verified: true, name: 'Alice' };
const accounts = new Map();

const { privateKey: opKey } = await jose.generateKeyPair('RS256', { extractable: true });
const opJwk = { ...(await jose.exportJWK(opKey)), kid: 'op-1', alg: 'RS256', use: 'sig' };

const provider = new Provider(ORIGIN, {
  clients: [
    {
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: REDIRECT_URIS,
      response_types: ['code'],
      grant_types: ['authorization_code'],
      token_endpoint_auth_method: 'client_secret_post',
    },
  ],
  jwks: { keys: [opJwk] },
  pkce: { required: () => true },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
  features: { devInteractions: { enabled: false } },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  // A first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  async findAccount(ctx, id) {
    const a = accounts.get(id);
    if (!a) return undefined;
    return { accountId: id, claims: async () => ({ sub: id, email: a.email, email_verified: a.email_verified, name: a.name }) };
  },
  ttl: { Session: 60, Interaction: 300, Grant: 300, AuthorizationCode: 60, IdToken: 300, AccessToken: 300 },
});
provider.on('server_error', (ctx, err) => console.error('provider error', err));

async function interaction(req, res) {
  const details = await provider.interactionDetails(req, res);
  if (details.prompt.name === 'login') {
    accounts.set(nextLogin.sub, { ...nextLogin });
    await provider.interactionFinished(req, res, { login: { accountId: nextLogin.sub } }, { mergeWithLastSubmission: false });
    return;
  }
  const grant = new provider.Grant({ accountId: details.session.accountId, clientId: details.params.client_id });
  grant.addOIDCScope('openid email profile');
  await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
}

// ---- the crafted provider -------------------------------------------------------------
const CRAFTED = `${ORIGIN}/crafted`;
let mode = 'ok';
let current = await newKey('crafted-1');
let previous = null;
const nonces = new Map(); // code -> nonce
const applePublicKey = await jose.importSPKI(fs.readFileSync(env('APPLE_PUBLIC_KEY'), 'utf8'), 'ES256');

// Apple's check of the client secret keel signs.
async function appleSecretValid(secret, clientId) {
  try {
    const { protectedHeader } = await jose.jwtVerify(secret, applePublicKey, {
      algorithms: ['ES256'],
      issuer: env('APPLE_TEAM_ID'),
      audience: 'https://appleid.apple.com',
      subject: clientId,
      maxTokenAge: '10m',
    });
    return protectedHeader.kid === env('APPLE_KEY_ID');
  } catch (err) {
    console.error('apple client_secret refused:', err.message);
    return false;
  }
}

async function newKey(kid) {
  const { privateKey, publicKey } = await jose.generateKeyPair('RS256', { extractable: true });
  return { kid, privateKey, publicJwk: { ...(await jose.exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' }, publicPem: await jose.exportSPKI(publicKey) };
}

function b64url(x) {
  return Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');
}

async function craftedToken(nonce, clientId) {
  const now = Math.floor(Date.now() / 1000);
  const claims = { iss: CRAFTED, aud: clientId, sub: 'crafted-user', email: 'crafted@example.com', email_verified: true, iat: now, exp: now + 300, nonce };
  if (mode === 'expired') Object.assign(claims, { iat: now - 900, exp: now - 600 });
  if (mode === 'wrong-aud') claims.aud = 'someone-else';
  if (mode === 'wrong-iss') claims.iss = 'https://evil.example';
  if (mode === 'wrong-nonce') claims.nonce = 'not-the-nonce';
  if (mode === 'alg-none') return `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url(claims)}.`;
  if (mode === 'alg-hs256') {
    // The classic confusion: HS256 with the provider's public key as the HMAC secret.
    const input = `${b64url({ alg: 'HS256', typ: 'JWT', kid: current.kid })}.${b64url(claims)}`;
    return `${input}.${crypto.createHmac('sha256', current.publicPem).update(input).digest('base64url')}`;
  }
  const key = mode === 'old-key' && previous ? previous : current;
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'JWT' }).sign(key.privateKey);
}

function json(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return Buffer.concat(chunks).toString();
}

async function crafted(req, res, url) {
  const path = url.pathname.slice('/crafted'.length);
  if (path === '/.well-known/openid-configuration') {
    return json(res, 200, {
      issuer: CRAFTED,
      authorization_endpoint: `${CRAFTED}/auth`,
      token_endpoint: `${CRAFTED}/token`,
      jwks_uri: `${CRAFTED}/jwks`,
      response_types_supported: ['code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
    });
  }
  if (path === '/jwks') return json(res, 200, { keys: [current.publicJwk] });
  if (path === '/auth') {
    const code = crypto.randomBytes(16).toString('hex');
    nonces.set(code, url.searchParams.get('nonce'));
    if (url.searchParams.get('response_mode') === 'form_post') {
      const esc = (v) => String(v).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
      return res.end(
        `<!doctype html><form method="post" action="${esc(url.searchParams.get('redirect_uri'))}">` +
          `<input type="hidden" name="code" value="${esc(code)}"><input type="hidden" name="state" value="${esc(url.searchParams.get('state'))}">` +
          '</form><script>document.forms[0].submit()</script>',
      );
    }
    const back = new URL(url.searchParams.get('redirect_uri'));
    back.searchParams.set('code', code);
    back.searchParams.set('state', url.searchParams.get('state'));
    res.writeHead(302, { Location: back.toString() });
    return res.end();
  }
  if (path === '/token' && req.method === 'POST') {
    const form = new URLSearchParams(await readBody(req));
    const nonce = nonces.get(form.get('code'));
    nonces.delete(form.get('code'));
    if (nonce === undefined) return json(res, 400, { error: 'invalid_grant' });
    const clientId = form.get('client_id');
    if (clientId === env('APPLE_CLIENT_ID') && !(await appleSecretValid(form.get('client_secret'), clientId))) {
      return json(res, 401, { error: 'invalid_client' });
    }
    return json(res, 200, { access_token: 'x', token_type: 'Bearer', expires_in: 60, id_token: await craftedToken(nonce, clientId) });
  }
  if (path === '/mode' && req.method === 'POST') {
    mode = JSON.parse(await readBody(req)).mode;
    return json(res, 200, { mode });
  }
  if (path === '/rotate' && req.method === 'POST') {
    previous = current;
    current = await newKey(`crafted-${Date.now()}`);
    return json(res, 200, { kid: current.kid });
  }
  return json(res, 404, { error: 'not_found' });
}

// ---- the server -----------------------------------------------------------------------
const callback = provider.callback();
const server = https.createServer({ key: fs.readFileSync(env('TLS_KEY')), cert: fs.readFileSync(env('TLS_CERT')) }, async (req, res) => {
  const url = new URL(req.url, ORIGIN);
  try {
    if (url.pathname.startsWith('/stall/')) return; // never answers
    if (url.pathname.startsWith('/crafted/')) return await crafted(req, res, url);
    if (url.pathname === '/test/next-login' && req.method === 'POST') {
      nextLogin = JSON.parse(await readBody(req));
      return json(res, 200, nextLogin);
    }
    if (url.pathname.startsWith('/interaction/')) return await interaction(req, res);
    return callback(req, res);
  } catch (err) {
    console.error(err);
    if (!res.headersSent) json(res, 500, { error: String(err.message || err) });
  }
});
server.listen(PORT, '127.0.0.1', () => console.log('ready'));
