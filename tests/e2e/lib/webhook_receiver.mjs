// A webhook receiver on loopback for tests/e2e/webhooks_outbound.sh: verifies every
// delivery with the official `standardwebhooks` library (the secret of each path is read
// from SECRETS_FILE, a JSON object path -> "whsec_…", at each request) and appends one
// JSON line per request to LOG_FILE: {path, id, type, verified, error?}.
//   /ok    verified → 204, not verified → 401
//   /fail  500 (after logging)
//   /hang  logs, then never answers (keel's timeout must end it)
//   /redirect  302 to /ok (keel must not follow)
// Prints the port it listens on as its first line of output.
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

// The library is installed with the browser app's dev dependencies (web/package.json).
const require = createRequire(new URL('../../../web/package.json', import.meta.url));
const { Webhook } = require('standardwebhooks');

const [secretsFile, logFile] = process.argv.slice(2);

function secretFor(path) {
  try {
    return JSON.parse(fs.readFileSync(secretsFile, 'utf8'))[path];
  } catch {
    return undefined;
  }
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const path = req.url;
    const entry = { path, id: req.headers['webhook-id'] || null, verified: false };
    const secret = secretFor(path);
    try {
      const payload = new Webhook(secret).verify(body, req.headers);
      entry.verified = true;
      entry.type = payload.type;
      entry.data = payload.data;
    } catch (e) {
      entry.error = String(e && e.message ? e.message : e);
    }
    fs.appendFileSync(logFile, JSON.stringify(entry) + '\n');
    if (path === '/hang') return;  // never answered
    if (path === '/fail') {
      res.writeHead(500).end('no');
    } else if (path === '/redirect') {
      res.writeHead(302, { Location: '/ok' }).end();
    } else {
      res.writeHead(entry.verified ? 204 : 401).end();
    }
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(server.address().port);
});
