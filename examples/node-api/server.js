// A JSON API shaped like the ones teams run on Railway: binds $PORT, answers /health.
const http = require('http');
const fs = require('fs');

const port = Number(process.env.PORT || 3000);
const startedAt = new Date().toISOString();
let requests = 0;

function buildInfo() {
  try {
    return JSON.parse(fs.readFileSync('build-info.json', 'utf8'));
  } catch {
    return null;
  }
}

const routes = {
  '/': () => ({ service: 'node-api', message: process.env.GREETING || 'hello from node-api' }),
  '/health': () => ({ status: 'ok' }),
  '/pid': () => ({ pid: process.pid, startedAt }),
  '/version': () => ({ build: buildInfo(), environment: process.env.RUNWAY_ENVIRONMENT || null }),
  '/stats': () => ({ requests }),
};

const server = http.createServer((req, res) => {
  requests += 1;
  const path = new URL(req.url, 'http://localhost').pathname;
  const handler = routes[path];
  res.setHeader('content-type', 'application/json');
  if (!handler) {
    res.statusCode = 404;
    res.end(JSON.stringify({ error: 'not found', path }));
    return;
  }
  res.end(JSON.stringify(handler()));
});

server.listen(port, '127.0.0.1', () => {
  console.log(`node-api listening on http://127.0.0.1:${port}`);
});

process.on('SIGTERM', () => {
  console.log('node-api: SIGTERM received, closing');
  server.close(() => process.exit(0));
});
