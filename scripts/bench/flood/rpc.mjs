// A minimal JSON-RPC client over one WebSocket, with a cap on requests in flight.

import WebSocket from 'ws';

export class RpcClient {
  static async connect(url, maxInFlight = 256) {
    const client = new RpcClient(url, maxInFlight);
    await new Promise((resolve, reject) => {
      client.ws.once('open', resolve);
      client.ws.once('error', reject);
    });
    return client;
  }

  constructor(url, maxInFlight) {
    this.ws = new WebSocket(url, { maxPayload: 64 * 1024 * 1024 });
    this.maxInFlight = maxInFlight;
    this.nextId = 1;
    this.pending = new Map();
    this.waiting = [];
    this.ws.on('message', (data) => {
      const reply = JSON.parse(data);
      const entry = this.pending.get(reply.id);
      if (!entry) return;
      this.pending.delete(reply.id);
      this.waiting.shift()?.();
      if (reply.error) entry.reject(Object.assign(new Error(reply.error.message), { rpcError: reply.error }));
      else entry.resolve(reply.result);
    });
    this.ws.on('close', () => {
      for (const { reject } of this.pending.values()) reject(new Error('connection closed'));
      this.pending.clear();
    });
  }

  /** Sends one call, first waiting while `maxInFlight` calls are unanswered. */
  async call(method, params = []) {
    while (this.pending.size >= this.maxInFlight) await new Promise((resolve) => this.waiting.push(resolve));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  close() {
    this.ws.close();
  }
}
