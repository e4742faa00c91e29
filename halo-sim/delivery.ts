import { randomUUID } from "node:crypto";
import http from "node:http";
import https from "node:https";
import type { HaloEventName } from "./events";
import { haloTimestamp } from "./payload";
import type { SimRuntime } from "./runtime";
import { DELIVERY_STATUS, type DeliveryLogEntry, type Webhook } from "./state";

export interface DeliveryJob {
  webhookId: string;
  notificationId: number;
  event: HaloEventName;
  entityId: number;
  payloadId: string;
  /** Serialised once, so retries and re-sends POST byte-identical bodies. */
  body: string;
  resend: boolean;
}

interface Attempt {
  job: DeliveryJob;
  number: number;
  finish: (entry: DeliveryLogEntry) => void;
}

interface HttpOutcome {
  status: number;
  body: string;
  errorMessage: string;
}

const MAX_RESPONSE_READ_BYTES = 64 * 1024;

/**
 * Asynchronous webhook delivery (Halo "queues a HTTP Post"). Every attempt lands in the delivery log; a job's promise
 * resolves with its final attempt once retries are exhausted or one succeeds. POSTs go only to the webhook's own URL
 * and never follow redirects.
 */
export class DeliveryQueue {
  private readonly ready: Attempt[] = [];
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<http.ClientRequest>();
  /** Jobs not yet finished, keyed by their resolver, with their latest attempt. */
  private readonly unfinished = new Map<Attempt["finish"], Attempt>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 64 });
  private running = 0;

  constructor(private readonly runtime: SimRuntime) {}

  deliver(job: DeliveryJob): Promise<DeliveryLogEntry> {
    return new Promise((resolve) => {
      const finish = (entry: DeliveryLogEntry) => {
        if (!this.unfinished.delete(finish)) return;
        resolve(entry);
        this.notifyIfIdle();
      };
      const first = { job, number: 1, finish };
      this.unfinished.set(finish, first);
      this.ready.push(first);
      this.pump();
    });
  }

  get pendingCount(): number {
    return this.unfinished.size;
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  flush(): Promise<void> {
    if (this.unfinished.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops queued work and aborts requests in flight (reset/close); their promises resolve with a cancelled entry. */
  cancelAll(reason: string): void {
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    this.ready.splice(0);
    for (const request of this.inFlight) request.destroy(new Error(reason));
    for (const [finish, attempt] of [...this.unfinished]) finish(this.cancelledEntry(attempt, reason));
  }

  destroy(): void {
    this.cancelAll("simulator closed");
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private pump(): void {
    while (this.running < this.runtime.config.delivery.concurrency) {
      const attempt = this.ready.shift();
      if (!attempt) return;
      this.running++;
      void this.run(attempt).finally(() => {
        this.running--;
        this.pump();
      });
    }
  }

  private async run(attempt: Attempt): Promise<void> {
    const { job } = attempt;
    const { delivery } = this.runtime.config;
    const webhook = this.runtime.state.webhooks.get(job.webhookId);
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (webhook?.authentication_type === 1) {
      const credentials = Buffer.from(`${webhook.basic_username}:${webhook.basic_password}`).toString("base64");
      headers.Authorization = `Basic ${credentials}`;
    }
    const timestamp = haloTimestamp();
    const started = performance.now();
    const outcome: HttpOutcome = !webhook
      ? { status: 0, body: "", errorMessage: "The webhook no longer exists" }
      : delivery.outage !== null
        ? simulatedOutage(delivery.outage)
        : await this.post(webhook, headers, job.body, delivery.timeoutMs);
    if (!this.unfinished.has(attempt.finish)) return; // cancelled meanwhile
    const success = outcome.status >= 200 && outcome.status < 300;
    const lightweight = delivery.lightweightLogs || (webhook?.use_lightweight_logs ?? false);
    const entry: DeliveryLogEntry = {
      ...logEntryIdentity(attempt),
      timestamp,
      status: success ? DELIVERY_STATUS.success : DELIVERY_STATUS.failed,
      duration: Math.round(performance.now() - started),
      url: webhook?.url ?? "",
      requestheaders: lightweight ? "" : JSON.stringify(maskAuthorization(headers)),
      requestbody: lightweight ? "" : job.body,
      responsestatus: outcome.status,
      responsebody: lightweight ? "" : outcome.body.slice(0, delivery.responseBodyLimit),
      error: !success,
      error_message: success ? "" : outcome.errorMessage || `Receiver answered HTTP ${outcome.status}`,
    };
    this.runtime.state.appendDelivery(entry, delivery.logLimit);
    if (success || !webhook || attempt.number > delivery.retries) {
      attempt.finish(entry);
      return;
    }
    const wait = delivery.backoffMs * 2 ** (attempt.number - 1);
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      const next = { ...attempt, number: attempt.number + 1 };
      this.unfinished.set(attempt.finish, next);
      this.ready.push(next);
      this.pump();
    }, wait);
    this.retryTimers.add(timer);
  }

  private post(webhook: Webhook, headers: Record<string, string>, body: string, timeoutMs: number): Promise<HttpOutcome> {
    let target: URL;
    try {
      target = new URL(webhook.url);
    } catch {
      return Promise.resolve({ status: 0, body: "", errorMessage: `Invalid webhook URL ${webhook.url}` });
    }
    const isHttps = target.protocol === "https:";
    const transport = isHttps ? https : http;
    return new Promise((resolve) => {
      let settled = false;
      const settle = (outcome: HttpOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        this.inFlight.delete(request);
        resolve(outcome);
      };
      const request = transport.request(
        target,
        {
          method: "POST",
          agent: isHttps ? this.httpsAgent : this.httpAgent,
          headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) },
        },
        (response) => {
          const chunks: Buffer[] = [];
          let size = 0;
          response.on("data", (chunk: Buffer) => {
            if (size < MAX_RESPONSE_READ_BYTES) chunks.push(chunk);
            size += chunk.length;
          });
          response.on("end", () => {
            settle({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), errorMessage: "" });
          });
          response.on("error", (error) => settle({ status: response.statusCode ?? 0, body: "", errorMessage: error.message }));
          response.on("close", () => {
            settle({ status: response.statusCode ?? 0, body: "", errorMessage: "Connection closed before the response finished" });
          });
        },
      );
      const timer = setTimeout(() => request.destroy(new Error(`Timed out after ${timeoutMs} ms`)), timeoutMs);
      this.inFlight.add(request);
      request.on("error", (error) => settle({ status: 0, body: "", errorMessage: error.message }));
      request.end(body);
    });
  }

  private cancelledEntry({ job, number }: Attempt, reason: string): DeliveryLogEntry {
    return {
      ...logEntryIdentity({ job, number }),
      timestamp: haloTimestamp(),
      status: DELIVERY_STATUS.failed,
      duration: 0,
      url: "",
      requestheaders: "{}",
      requestbody: job.body,
      responsestatus: 0,
      responsebody: "",
      error: true,
      error_message: reason,
    };
  }

  private notifyIfIdle(): void {
    if (this.unfinished.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}

/** Log retention: entries older than the configured retention lose their bodies. Call before reading the log. */
export function applyLogRetention(runtime: SimRuntime, now = Date.now()): void {
  const seconds = runtime.config.delivery.logRetentionSeconds;
  if (seconds !== null) runtime.state.dropBodiesBefore(now - seconds * 1000);
}

function simulatedOutage(outage: "refused" | number): HttpOutcome {
  if (outage === "refused") return { status: 0, body: "", errorMessage: "connect ECONNREFUSED (simulated receiver outage)" };
  return { status: outage, body: "Service Unavailable", errorMessage: "" };
}

function maskAuthorization(headers: Record<string, string>): Record<string, string> {
  if (!headers.Authorization) return headers;
  return { ...headers, Authorization: "Basic ********" };
}

/** The fields that say which delivery and attempt a log entry is about. */
function logEntryIdentity({ job, number }: Pick<Attempt, "job" | "number">) {
  return {
    id: randomUUID(),
    webhook_id: job.webhookId,
    notification_id: job.notificationId,
    payload_id: job.payloadId,
    event: job.event,
    entity_id: job.entityId,
    attempt: number,
    resend: job.resend,
  };
}
