// The API of the fullstack example: JSON under /api, a heartbeat counter fed by the worker.
const http = require('http');

const port = Number(process.env.PORT || 3000);
let heartbeats = 0;

const server = http.createServer((req, res) => {
  const path = new URL(req.url, 'http://localhost').pathname;
  res.setHeader('content-type', 'application/json');
  res.setHeader('access-control-allow-origin', '*');
  if (path === '/api/health') {
    res.end(JSON.stringify({ status: 'ok' }));
  } else if (path === '/api/hello') {
    res.end(JSON.stringify({ message: process.env.GREETING || 'hello' }));
  } else if (path === '/api/heartbeat' && req.method === 'POST') {
    heartbeats += 1;
    res.end(JSON.stringify({ heartbeats }));
  } else if (path === '/api/heartbeats') {
    res.end(JSON.stringify({ heartbeats }));
  } else if (path === '/api/pid') {
    res.end(JSON.stringify({ pid: process.pid }));
  } else {
    res.statusCode = 404;
    res.end(JSON.stringify({ error: 'not found', path }));
  }
});

server.listen(port, '127.0.0.1', () => console.log(`api listening on http://127.0.0.1:${port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
