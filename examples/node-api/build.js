// Build step: records when and how the API was built, so /version can show it.
const fs = require('fs');

const info = { builtAt: new Date().toISOString(), node: process.version };
fs.writeFileSync('build-info.json', JSON.stringify(info, null, 2));
console.log('wrote build-info.json');
