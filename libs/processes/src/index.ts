/**
 * @tskube/processes: child processes that tests, benches and local clusters start and therefore
 * must stop by PID (ManagedProcess, run, waitFor), free 127.0.0.1 ports, a standalone etcd, and
 * the /proc CPU-time and RSS readers every benchmark measures processes with.
 * Tagged type:lib so app specs may use it (the apiserver's storage specs run a real etcd);
 * @tskube/local-cluster builds whole clusters on top of it and re-exports it.
 */
export * from './process';
export * from './ports';
export * from './etcd';
export * from './proc-stats';
