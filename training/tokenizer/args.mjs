// `--name value` command-line arguments over defaults; an unknown name or a missing value prints the usage.
export function parseArgs(argv, defaults) {
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '');
    if (!(key in defaults) || i + 1 >= argv.length) {
      throw new Error(`usage: ${Object.keys(defaults).map((k) => `[--${k} VALUE]`).join(' ')}`);
    }
    out[key] = argv[i + 1];
  }
  return out;
}
