import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { run } from '@tskube/local-cluster';

/**
 * A UDP echo server and client for the kube-proxy e2e, in python3 (the Debian busybox-static the
 * test images are built from has no UDP server applet: its `nc` has no `-u`, and there is no
 * `udpsvd` or `dnsd`). The server runs inside the cluster's network namespace on the node address
 * and is the backend of a selectorless Service with a hand-written Endpoints object.
 */
const SERVER = `import socket,sys
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
s.bind((sys.argv[1],int(sys.argv[2])))
while True:
    d,a=s.recvfrom(2048)
    s.sendto(sys.argv[3].encode()+b' '+d,a)`;

const CLIENT = `import socket,sys
s=socket.socket(socket.AF_INET,socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET,socket.SO_REUSEADDR,1)
s.bind(('',int(sys.argv[3])))
s.settimeout(float(sys.argv[4]))
s.sendto(b'ping',(sys.argv[1],int(sys.argv[2])))
try:
    print(s.recvfrom(2048)[0].decode())
except socket.timeout:
    print('timeout')`;

/** Starts an echo server answering `<name> <payload>`; kill it with `.kill()` (by PID). */
export function startUdpEcho(wrap: (argv: string[]) => string[], ip: string, port: number, name: string): ChildProcess {
  const argv = wrap(['python3', '-c', SERVER, ip, String(port), name]);
  return spawn(argv[0]!, argv.slice(1), { stdio: 'ignore' });
}

/** Sends one datagram from `srcPort` and returns the reply (or `timeout`). */
export async function udpAsk(wrap: (argv: string[]) => string[], ip: string, port: number, srcPort: number, timeoutS = 2): Promise<string> {
  return (await run(wrap(['python3', '-c', CLIENT, ip, String(port), String(srcPort), String(timeoutS)]))).stdout.trim();
}
