// Run-time fault injection for the emulators: per route, a status, Retry-After, latency, and how many times.
import express, { type Request, type RequestHandler, type Router } from 'express';

export interface FaultRule {
  id: number;
  method?: string; // e.g. 'POST'; any when absent
  path: string; // a RegExp source matched against the request path
  status?: number; // respond with this status instead of handling the request
  retryAfter?: number; // seconds, sent as Retry-After
  latencyMs?: number; // delay before handling (or before the fault answer)
  times?: number; // how many matching requests fail before success; unlimited when absent
  after?: number; // let this many matching requests through first (a read that fails part-way, on page after+1)
  body?: unknown; // the error body; each emulator supplies its own default shape
}

export type FaultBody = (rule: FaultRule, req: Request) => unknown;

export class FaultInjector {
  private rules: FaultRule[] = [];
  private nextId = 1;

  add(rule: Omit<FaultRule, 'id'>): FaultRule {
    new RegExp(rule.path); // throws on a bad pattern before it is stored
    const stored = { ...rule, id: this.nextId++ };
    this.rules.push(stored);
    return stored;
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** Middleware that applies the first matching rule; mount it before the emulator's routes. */
  middleware(defaultBody: FaultBody): RequestHandler {
    return (req, res, next) => {
      const rule = this.rules.find(
        (r) => (!r.method || r.method.toUpperCase() === req.method) && new RegExp(r.path).test(req.path),
      );
      if (!rule) return next();
      if (rule.after !== undefined && rule.after > 0) {
        rule.after -= 1;
        return next();
      }
      const fire = rule.status !== undefined && (rule.times === undefined || rule.times > 0);
      if (fire && rule.times !== undefined) rule.times -= 1;
      const act = () => {
        if (!fire) return next();
        if (rule.retryAfter !== undefined) res.setHeader('Retry-After', String(rule.retryAfter));
        res.status(rule.status as number).json(rule.body ?? defaultBody(rule, req));
      };
      if (rule.latencyMs) setTimeout(act, rule.latencyMs);
      else act();
    };
  }

  /** Admin routes: GET/POST/DELETE <prefix>/faults. Mount under the emulator's own admin prefix. */
  router(): Router {
    const r = express.Router();
    r.get('/faults', (_req, res) => {
      res.json(this.list());
    });
    r.post('/faults', express.json(), (req, res) => {
      const body = req.body as Partial<FaultRule>;
      if (typeof body.path !== 'string') {
        res.status(400).json({ error: 'path (a RegExp source) is required' });
        return;
      }
      try {
        res.status(201).json(this.add(body as Omit<FaultRule, 'id'>));
      } catch (e) {
        res.status(400).json({ error: `bad path pattern: ${(e as Error).message}` });
      }
    });
    r.delete('/faults', (_req, res) => {
      this.clear();
      res.status(204).end();
    });
    return r;
  }
}
