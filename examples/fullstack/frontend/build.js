// Build step: copies src/ to dist/ and stamps the build time into the page.
const fs = require('fs');
const path = require('path');

fs.rmSync('dist', { recursive: true, force: true });
fs.mkdirSync('dist');
for (const name of fs.readdirSync('src')) {
  let text = fs.readFileSync(path.join('src', name), 'utf8');
  text = text.replace('%BUILT_AT%', new Date().toISOString());
  fs.writeFileSync(path.join('dist', name), text);
}
console.log('built dist/');
