// Fetches one pinned npm tarball named in packages.json, checks its integrity hash and unpacks the
// files the build needs into .cache/native/<name>/. Idempotent: a finished unpack leaves a stamp file,
// and a lock directory keeps parallel builds from unpacking the same package twice.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const name = process.argv[2];
const spec = JSON.parse(readFileSync(join(here, "packages.json"), "utf8"))[name];
if (!spec) { console.error(`fetch.mjs: unknown native package '${name}'`); process.exit(2); }

const cache = process.env.SEMROUTER_NATIVE_CACHE ?? join(root, ".cache");
const dest = join(cache, "native", name);
const stamp = join(dest, ".stamp");
const want = `${spec.package}@${spec.version} ${spec.integrity}`;
if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) process.exit(0);

const lock = join(cache, `native-${name}.lock`);
mkdirSync(cache, { recursive: true });
const deadline = Date.now() + 10 * 60 * 1000;
for (;;) {
  try { mkdirSync(lock); break; } catch {
    if (Date.now() > deadline) { console.error(`fetch.mjs: timed out waiting for ${lock}`); process.exit(1); }
    if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) process.exit(0);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
  }
}
try {
  const tarballs = join(cache, "npm");
  mkdirSync(tarballs, { recursive: true });
  const tgz = join(tarballs, `${spec.package.replace("@", "").replace("/", "-")}-${spec.version}.tgz`);
  if (!existsSync(tgz) || integrityOf(tgz) !== spec.integrity) {
    console.log(`fetching ${spec.package}@${spec.version} from the npm registry`);
    const packDir = join(tarballs, `.pack-${process.pid}`);
    mkdirSync(packDir, { recursive: true });
    execFileSync("npm", ["pack", `${spec.package}@${spec.version}`, "--pack-destination", packDir, "--silent"],
      { stdio: ["ignore", "ignore", "inherit"] });
    const [file] = readdirSync(packDir);
    renameSync(join(packDir, file), tgz);
    rmSync(packDir, { recursive: true, force: true });
  }
  const actual = integrityOf(tgz);
  if (actual !== spec.integrity) {
    rmSync(tgz, { force: true });
    console.error(`fetch.mjs: integrity mismatch for ${spec.package}@${spec.version}: got ${actual}`);
    process.exit(1);
  }
  const staging = `${dest}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  execFileSync("tar", ["-xzf", tgz, "-C", staging, "--wildcards", ...spec.extract], { stdio: "inherit" });
  writeFileSync(join(staging, ".stamp"), want);
  rmSync(dest, { recursive: true, force: true });
  renameSync(staging, dest);
  console.log(`unpacked ${spec.package}@${spec.version} into ${dest}`);
} finally {
  rmSync(lock, { recursive: true, force: true });
}

function integrityOf(file) {
  return "sha512-" + createHash("sha512").update(readFileSync(file)).digest("base64");
}
