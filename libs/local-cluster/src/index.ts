/**
 * @tskube/local-cluster: brings up a whole tskube cluster from local processes (etcd, Docker,
 * the five components) in an isolated network namespace. Used by `npm start` and the e2e tests.
 */
export * from './local-cluster';
export * from '@tskube/processes';
export * from './netns';
export * from './docker-engine';
export * from './forward';
export * from './kubeconfig';
export * from './api-probe';
export * from './standalone';
export * from './compose';
export * from './docker-sandbox';
