/**
 * @tskube/client-cache: client-go style informers: reflector (list+watch with relist on 410),
 * indexed store, shared informers with (old,new) handlers and tombstones, and a factory that
 * shares one informer per resource per process.
 */
export * from './store';
export * from './indexer';
export * from './list-watcher';
export * from './reflector';
export * from './shared-informer';
export * from './informer-factory';
export * from './fake-lister-watcher';
