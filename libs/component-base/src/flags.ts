import { parseArgs } from 'node:util';

/** One command-line flag, named as upstream (`--etcd-servers`, `--bind-address`, ...). */
export interface FlagSpec {
  type: 'string' | 'boolean' | 'number' | 'list';
  default?: string | boolean | number | readonly string[];
  help: string;
}

export type FlagValues<S extends Record<string, FlagSpec>> = {
  [K in keyof S]: S[K]['type'] extends 'boolean' ? boolean : S[K]['type'] extends 'number' ? number : S[K]['type'] extends 'list' ? string[] : string;
};

/** Thrown for a flag that is unknown or has a bad value; main prints its message and exits 1. */
export class FlagError extends Error {}

/**
 * Parses `--name=value` / `--name value` flags as upstream components accept them. `list`
 * flags take comma-separated values (`--etcd-servers=http://a:2379,http://b:2379`).
 * `--help` prints the flags and exits 0.
 */
export function parseFlags<S extends Record<string, FlagSpec>>(component: string, spec: S, argv: string[] = process.argv.slice(2)): FlagValues<S> {
  if (argv.includes('--help') || argv.includes('-h')) {
    const lines = Object.entries(spec).map(([n, f]) => `  --${n}${f.type === 'boolean' ? '' : '=' + f.type}\t${f.help}${f.default !== undefined ? ` (default ${JSON.stringify(f.default)})` : ''}`);
    process.stdout.write(`Usage: ${component} [flags]\n\nFlags:\n${lines.join('\n')}\n`);
    process.exit(0);
  }
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const [n, f] of Object.entries(spec)) options[n] = { type: f.type === 'boolean' ? 'boolean' : 'string' };
  // Go's flag package accepts `--bool=false`; node's parseArgs does not, so peel those off first.
  const explicitBools: Record<string, boolean> = {};
  const args = argv.filter((a) => {
    const m = /^--([^=]+)=(true|false)$/.exec(a);
    if (m && spec[m[1]!]?.type === 'boolean') {
      explicitBools[m[1]!] = m[2] === 'true';
      return false;
    }
    return true;
  });
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args, options, strict: true, allowPositionals: false }) as { values: Record<string, string | boolean | undefined> });
    Object.assign(values, explicitBools);
  } catch (err) {
    throw new FlagError(`${component}: ${err instanceof Error ? err.message : String(err)} (see --help)`);
  }
  const out: Record<string, unknown> = {};
  for (const [n, f] of Object.entries(spec)) {
    const raw = values[n];
    if (raw === undefined) {
      out[n] = f.default ?? (f.type === 'boolean' ? false : f.type === 'list' ? [] : f.type === 'number' ? 0 : '');
      continue;
    }
    switch (f.type) {
      case 'boolean':
        out[n] = raw === true || raw === 'true';
        break;
      case 'number': {
        const v = Number(raw);
        if (!Number.isFinite(v)) throw new FlagError(`${component}: invalid value "${String(raw)}" for flag --${n}: not a number`);
        out[n] = v;
        break;
      }
      case 'list':
        out[n] = String(raw).split(',').map((s) => s.trim()).filter(Boolean);
        break;
      case 'string':
        out[n] = String(raw);
        break;
    }
  }
  return out as FlagValues<S>;
}
