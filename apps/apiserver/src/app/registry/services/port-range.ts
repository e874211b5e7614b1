/** An inclusive port range (`--service-node-port-range`). */
export interface PortRange {
  base: number;
  size: number;
  /** As given on the command line, for messages. */
  text: string;
}

/**
 * Parses `30000-32767`, `30000+2767` (base + extra ports) or a single port, as upstream's
 * net.ParsePortRange; throws a one-line error otherwise.
 */
export function parsePortRange(text: string): PortRange {
  const m = /^\s*(\d{1,5})\s*(?:([-+])\s*(\d{1,5}))?\s*$/.exec(text);
  const fail = (): never => {
    throw new Error(`invalid --service-node-port-range "${text}": want e.g. 30000-32767`);
  };
  if (!m) return fail();
  const low = Number(m[1]);
  const high = m[2] === '-' ? Number(m[3]) : m[2] === '+' ? low + Number(m[3]) : low;
  if (low < 1 || high > 65535 || high < low) return fail();
  return { base: low, size: high - low + 1, text: `${low}-${high}` };
}

export function inPortRange(r: PortRange, port: number): boolean {
  return Number.isInteger(port) && port >= r.base && port < r.base + r.size;
}
