/**
 * @tskube/api-types: the wire types of the Kubernetes API and the pure helpers every
 * component shares (selectors, object keys, quantities, name checks). No I/O, no
 * dependencies on other tskube projects.
 */
export * from './types';
export * from './resources';
export * from './selectors/label-selector';
export * from './selectors/field-selector';
export * from './keys';
export * from './quantity';
export * from './validation/names';
export * from './helpers/pods';
export * from './helpers/owners';
