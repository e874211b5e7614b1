/**
 * @tskube/client: the REST client every component uses to talk to the API server
 * (node:http with keep-alive), kubeconfig loading, typed API errors and watch streams.
 */
export * from './config';
export * from './errors';
export * from './rest-client';
export * from './watch';
export type { HttpRequest, HttpResponse } from './http';
