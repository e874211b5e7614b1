import { load } from 'js-yaml';
import type { Pod } from '@tskube/api-types';
import type { PodSource } from './static-pod';
import { InvalidManifestError, staticPodFromManifest } from './static-pod';

/**
 * Parses one manifest (a file's or a URL's body) into static pods, as upstream's
 * `tryDecodeSinglePod` / `tryDecodePodList`: YAML or JSON holding a `Pod` or a `PodList`.
 * Throws {@link InvalidManifestError} when the text is not YAML/JSON or not a valid pod; an
 * empty document yields no pods (an editor's empty new file is not an error).
 */
export function parseManifest(text: string, o: { source: Exclude<PodSource, 'api'>; sourceId: string; nodeName: string }): Pod[] {
  let doc: unknown;
  try {
    doc = load(text, { json: true });
  } catch (err) {
    const msg = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new InvalidManifestError(`not valid YAML or JSON: ${msg ?? ''}`);
  }
  if (doc === undefined || doc === null) return [];
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new InvalidManifestError('manifest is not an object');
  const kind = (doc as { kind?: unknown }).kind;
  if (kind === 'PodList') {
    const items = (doc as { items?: unknown }).items;
    if (!Array.isArray(items)) throw new InvalidManifestError('PodList without items');
    return items.map((item, i) => staticPodFromManifest(withKind(item), { ...o, sourceId: `${o.sourceId}#${i}` }));
  }
  return [staticPodFromManifest(doc, o)];
}

/** PodList items may omit kind/apiVersion. */
function withKind(item: unknown): unknown {
  if (!item || typeof item !== 'object') return item;
  return { kind: 'Pod', apiVersion: 'v1', ...item };
}
