import type { Node, Pod } from '@tskube/api-types';
import type { NodeSelectorRequirement, NodeSelectorTerm } from 'kubernetes-types/core/v1';
import type { CycleState } from '../../framework/cycle-state';
import { defaultNormalizeScore, MAX_NODE_SCORE } from '../../framework/interfaces';
import type { FilterPlugin, PreFilterPlugin, PreScorePlugin, ScorePlugin } from '../../framework/interfaces';
import type { NodeInfo } from '../../framework/node-info';
import { Code, Status } from '../../framework/status';

/** Upstream `ErrReasonPod`. */
export const ERR_REASON = "node(s) didn't match Pod's node affinity/selector";

/** One `matchExpressions` entry against a label/field map (upstream `nodeSelectorRequirementsAsSelector`). */
export function requirementMatches(r: NodeSelectorRequirement, values: Readonly<Record<string, string>>): boolean {
  const has = Object.prototype.hasOwnProperty.call(values, r.key);
  const v = values[r.key];
  switch (r.operator) {
    case 'In':
      return has && (r.values ?? []).includes(v ?? '');
    case 'NotIn':
      return !has || !(r.values ?? []).includes(v ?? '');
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      const want = Number(r.values?.[0]);
      const got = Number(v);
      if (!has || !Number.isInteger(want) || !Number.isInteger(got)) return false;
      return r.operator === 'Gt' ? got > want : got < want;
    }
    default:
      return false;
  }
}

/** A term matches when all its expressions and fields match; an empty term matches nothing (upstream). */
export function termMatches(term: NodeSelectorTerm, node: Readonly<Node>): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  const fieldValues = { 'metadata.name': node.metadata?.name ?? '' };
  return exprs.every((r) => requirementMatches(r, labels)) && fields.every((r) => requirementMatches(r, fieldValues));
}

/**
 * Upstream `RequiredNodeAffinity.Match`: every `spec.nodeSelector` label must be on the node,
 * and (when set) at least one `requiredDuringSchedulingIgnoredDuringExecution` term must match.
 */
export function fits(pod: Readonly<Pod>, node: Readonly<Node>): boolean {
  const labels = node.metadata?.labels ?? {};
  const selector = pod.spec?.nodeSelector;
  if (selector) for (const k in selector) if (labels[k] !== selector[k]) return false;
  const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (!required) return true;
  return required.nodeSelectorTerms.some((t) => termMatches(t, node));
}

/** Sum of the weights of the preferred terms the node matches (upstream raw score). */
export function preferredScore(pod: Readonly<Pod>, node: Readonly<Node>): number {
  const preferred = pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  return preferred.reduce((sum, p) => (p.weight !== 0 && termMatches(p.preference, node) ? sum + p.weight : sum), 0);
}

/** nodeSelector and node affinity: required terms filter, preferred terms score. */
export class NodeAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin {
  static readonly pluginName = 'NodeAffinity';
  readonly name = NodeAffinity.pluginName;

  /** Upstream: no preferred terms, nothing to score (Skip). */
  preScore(_state: CycleState, pod: Pod): Status | undefined {
    return pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution?.length ? undefined : new Status(Code.Skip);
  }

  /** Upstream: a pod without nodeSelector or required node affinity has nothing to filter (Skip). */
  preFilter(_state: CycleState, pod: Pod): Status | undefined {
    const hasSelector = pod.spec?.nodeSelector && Object.keys(pod.spec.nodeSelector).length > 0;
    return hasSelector || pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ? undefined : new Status(Code.Skip);
  }

  filter(_state: CycleState, pod: Pod, node: NodeInfo): Status | undefined {
    if (!node.node || fits(pod, node.node)) return undefined;
    return Status.unresolvable(ERR_REASON);
  }

  score(_state: CycleState, pod: Pod, node: NodeInfo): number {
    return node.node ? preferredScore(pod, node.node) : 0;
  }

  normalizeScores(_state: CycleState, _pod: Pod, scores: number[]): void {
    defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
  }
}
