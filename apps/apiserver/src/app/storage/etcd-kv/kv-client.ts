import { GrpcChannel } from './grpc-channel';
import { decodeRangeResponse, decodeTxnResponse, encodeCompactionRequest, encodeRangeRequest, encodeTxnRequest } from './kv-messages';
import type { RangeRequest, RangeResponse, TxnRequest, TxnResponse } from './kv-messages';

export { GrpcError } from './grpc-channel';
export type { Compare, KeyValue, RangeRequest, RangeResponse, TxnOp, TxnRequest, TxnResponse } from './kv-messages';

/**
 * etcd's KV service (Range, Txn, Compact) over a {@link GrpcChannel}: what EtcdStorage needs
 * for every read and write. Watches stay on the etcd3 client (a stream with its own
 * reconnect logic). Errors are GrpcErrors whose message is etcd's.
 */
export class KvClient {
  private readonly channel: GrpcChannel;

  constructor(endpoints: string[], dialTimeoutMs?: number) {
    this.channel = new GrpcChannel(endpoints, dialTimeoutMs);
  }

  async range(r: RangeRequest): Promise<RangeResponse> {
    return decodeRangeResponse(await this.channel.unary('/etcdserverpb.KV/Range', encodeRangeRequest(r)));
  }

  async txn(t: TxnRequest): Promise<TxnResponse> {
    return decodeTxnResponse(await this.channel.unary('/etcdserverpb.KV/Txn', encodeTxnRequest(t)));
  }

  async compact(revision: number, physical: boolean): Promise<void> {
    await this.channel.unary('/etcdserverpb.KV/Compact', encodeCompactionRequest(revision, physical));
  }

  close(): void {
    this.channel.close();
  }
}
