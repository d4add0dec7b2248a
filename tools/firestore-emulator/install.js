// Runs `npm ci` in a folder (this one, or the one given as the argument) when its node_modules is
// missing or was installed from another package-lock.json. The build calls it before the integration
// tests (see the exec-maven-plugin executions in the POMs); it is a no-op otherwise.
'use strict';

const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const dir = path.resolve(process.argv[2] ?? __dirname);
const lockfile = path.join(dir, 'package-lock.json');
const stamp = path.join(dir, 'node_modules', '.agentfn-lockfile.sha256');
const wanted = crypto.createHash('sha256').update(fs.readFileSync(lockfile)).digest('hex');

if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === wanted) {
  process.exit(0);
}
console.log(`npm ci in ${dir}`);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const result = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`npm ci in ${dir} failed (${result.error ?? `exit ${result.status}`})`);
  process.exit(1);
}
fs.writeFileSync(stamp, `${wanted}\n`);
