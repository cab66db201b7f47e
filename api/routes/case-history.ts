// A case's workflow history for auditors: GET /v1/cases/{caseId}/history. By default a decoded, readable
// timeline (api/history/timeline.ts); `?format=temporal-json` the history exactly as the server holds it
// (payloads still encrypted), as the protobuf History's JSON object form (camelCase fields, enum names,
// 64-bit numbers as strings, bytes as base64: the form of test/replay/histories), which
// `temporal.api.history.v1.History.fromObject` reads back for Worker.runReplayHistory with the payload keys. Both are streamed while the server's history is read page by
// page; the timeline also pages (`limit`, then `cursor` = the nextCursor it answered).
import { once } from 'node:events';
import { Router, type Response } from 'express';
import { z } from 'zod';
import { temporal } from '@temporalio/proto';
import type { ApiDeps } from '../deps';
import { requireRole } from '../http/auth';
import { notFound } from '../http/problem';
import { caseIdParam } from '../http/schemas';
import { parseOr400 } from '../http/validate';
import { TimelineBuilder } from '../history/timeline';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export const historyQuery = z.strictObject({
  format: z.enum(['timeline', 'temporal-json']).default('timeline'),
  /** Timeline only: at most this many entries, with a nextCursor when more follow. */
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  /** Timeline only: the nextCursor of the page before (the id of the last event it covered). */
  cursor: z.string().regex(/^[0-9]{1,9}$/, 'a nextCursor this endpoint returned').optional(),
});

/** Events per request to the Temporal server: memory stays bounded however long the history. */
const SERVER_PAGE = 256;

const GRPC_NOT_FOUND = 5;

export function caseHistoryRouter(deps: ApiDeps): Router {
  const r = Router();
  const readers = requireRole({ tokens: deps.tokens }, ['admin', 'auditor']);

  r.get('/v1/cases/:caseId/history', readers, async (req, res) => {
    const { caseId } = parseOr400(caseIdParam, req.params, 'path');
    const q = parseOr400(historyQuery, req.query, 'query');
    const stored = await deps.store.getCase(caseId);
    if (!stored) throw notFound(`no case ${caseId}`);
    const pages = historyPages(deps, stored.workflowId);
    // The first page before any byte is sent: a case not started yet (or past retention) is a clean 404.
    const first = await pages.next().catch((err: unknown) => {
      if ((err as { code?: number }).code === GRPC_NOT_FOUND) throw notFound(`case ${caseId} has no workflow history (not started yet, or deleted after retention)`);
      throw err;
    });
    const rest = async function* () {
      if (first.done) return;
      yield first.value;
      yield* pages;
    };
    res.status(200).type('application/json');
    try {
      if (q.format === 'temporal-json') await streamTemporalJson(res, rest());
      else await streamTimeline(res, deps, { caseId, workflowId: stored.workflowId }, rest(), q.limit, q.cursor === undefined ? 0 : Number(q.cursor));
    } catch (err) {
      // Headers are gone: all that is left is to cut the response short, so the client sees it incomplete.
      deps.logger.error({ err: { message: (err as Error).message }, caseId }, 'case history stream failed');
      res.destroy();
      return;
    }
    res.end();
  });
  return r;
}

async function* historyPages(deps: ApiDeps, workflowId: string): AsyncGenerator<HistoryEvent[]> {
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await deps.temporal.workflowService.getWorkflowExecutionHistory({
      namespace: deps.temporal.options.namespace, execution: { workflowId }, maximumPageSize: SERVER_PAGE, ...(nextPageToken ? { nextPageToken } : {}),
    });
    yield page.history?.events ?? [];
    nextPageToken = page.nextPageToken && page.nextPageToken.length > 0 ? page.nextPageToken : undefined;
  } while (nextPageToken);
}

async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) await once(res, 'drain');
}

const { HistoryEvent: HistoryEventType } = temporal.api.history.v1;
/** One event as JSON. (Not the SDK's historyToJSON: it fails in this install, two protobufjs copies.) */
const eventJson = (e: HistoryEvent) => JSON.stringify(HistoryEventType.toObject(HistoryEventType.fromObject(e), { longs: String, enums: String, bytes: String, defaults: false }));

/** `{"events":[…]}`, one event at a time. */
async function streamTemporalJson(res: Response, pages: AsyncIterable<HistoryEvent[]>): Promise<void> {
  await write(res, '{"events":[');
  let n = 0;
  for await (const events of pages) {
    for (const e of events) {
      await write(res, `${n++ === 0 ? '' : ','}\n${eventJson(e)}`);
    }
  }
  await write(res, '\n]}\n');
}

async function streamTimeline(
  res: Response, deps: ApiDeps, ids: { caseId: string; workflowId: string }, pages: AsyncIterable<HistoryEvent[]>, limit: number | undefined, after: number,
): Promise<void> {
  const timeline = new TimelineBuilder(deps.temporal.options.loadedDataConverter);
  await write(res, `{"caseId":${JSON.stringify(ids.caseId)},"workflowId":${JSON.stringify(ids.workflowId)},"entries":[`);
  let n = 0;
  let lastEventId = 0;
  let full = false;
  const emit = async (entry: object) => write(res, `${n++ === 0 ? '' : ','}\n${JSON.stringify(entry)}`);
  outer: for await (const events of pages) {
    for (const e of events) {
      // Earlier pages are read again (an activity's entry needs its scheduling), but not written.
      const entry = await timeline.entry(e);
      const id = Number(e.eventId ?? 0);
      if (id <= after) continue;
      if (full) break outer; // one more event exists: there is a next page
      lastEventId = id;
      if (entry) await emit(entry);
      if (limit !== undefined && n >= limit) full = true;
    }
  }
  const more = full && lastEventId > 0;
  if (!more) for (const p of timeline.pending()) await emit(p);
  await write(res, `\n],"nextCursor":${more ? JSON.stringify(String(lastEventId)) : 'null'}}\n`);
}
