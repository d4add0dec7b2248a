// Installs the pinned npm dependencies of the current directory (infra/check, tools/firestore-emulator, tools/a2a-interop,
// tools/openai-interop)
// with `npm ci`, only when node_modules does not already hold exactly what package-lock.json pins
// (npm records what it installed in node_modules/.package-lock.json). The build runs it before the
// step that needs the dependencies.

import { readFileSync, existsSync } from "node:fs";
import { join, basename } from "node:path";
import { spawnSync } from "node:child_process";

const here = process.cwd();
const name = basename(here);
const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8")).packages;
const installedFile = join(here, "node_modules", ".package-lock.json");
const installed = existsSync(installedFile) ? JSON.parse(readFileSync(installedFile, "utf8")).packages : {};

const stale = Object.entries(lock)
  .filter(([path]) => path !== "")
  .filter(([path, pin]) => installed[path]?.version !== pin.version || installed[path]?.integrity !== pin.integrity
    || !existsSync(join(here, path, "package.json")));

if (stale.length > 0) {
  console.log(`${name}: installing pinned dependencies (${stale.length} missing or different)`);
  const npm = spawnSync("npm", ["ci", "--no-audit", "--no-fund"], { cwd: here, stdio: "inherit", shell: process.platform === "win32" });
  if (npm.error || npm.status !== 0) {
    console.error(`${name}: npm ci failed${npm.error ? `: ${npm.error.message}` : ` with exit code ${npm.status}`}`);
    process.exit(1);
  }
}
