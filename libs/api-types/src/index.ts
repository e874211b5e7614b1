/**
 * @tskube/api-types: the wire types of the Kubernetes API and the pure helpers every
 * component shares (selectors, object keys, quantities, name checks). No I/O, no
 * dependencies on other tskube projects.
 */
export * from './types';
export * from './resources';
