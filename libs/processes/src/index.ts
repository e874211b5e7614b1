/**
 * @tskube/processes: child processes that tests, benches and local clusters start and therefore
 * must stop by PID (ManagedProcess, run, waitFor), free 127.0.0.1 ports, and a standalone etcd.
 * Tagged type:lib so app specs may use it (the apiserver's storage specs run a real etcd);
 * @tskube/local-cluster builds whole clusters on top of it and re-exports it.
 */
export * from './process';
export * from './ports';
export * from './etcd';
