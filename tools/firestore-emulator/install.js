// Runs `npm ci` here when node_modules is missing or was installed from another package-lock.json.
// The build calls it before the integration tests (see shared/pom.xml); it is a no-op otherwise.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const lockfile = path.join(__dirname, 'package-lock.json');
const stamp = path.join(__dirname, 'node_modules', '.agentfn-lockfile.sha256');
const wanted = crypto.createHash('sha256').update(fs.readFileSync(lockfile)).digest('hex');

if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === wanted) {
  process.exit(0);
}
console.log(`firestore emulator: npm ci in ${__dirname}`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: __dirname, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`firestore emulator: npm ci failed (${result.error ?? `exit ${result.status}`})`);
  process.exit(1);
}
fs.writeFileSync(stamp, `${wanted}\n`);
