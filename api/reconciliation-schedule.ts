// The Temporal Schedule that starts a reconciliation run (default daily at 03:00 in the company's time zone).
// Created or updated by the API at start, idempotently: the API is the process that holds a Temporal Client
// (workers hold only a polling connection), and every API replica converging on the same schedule is harmless.
import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client, type ScheduleOptionsAction } from '@temporalio/client';
import type { Env } from '../config/schema';
import type { ReconciliationInput } from '../workflows/reconciliation';

export const RECONCILIATION_SCHEDULE_ID = 'gatehouse-reconciliation';

export interface ReconciliationScheduleOptions {
  taskQueue: string;
  /** Five-field cron, or 'off' to remove the schedule. */
  cron: string;
  timeZone: string;
  maxDropShare: number;
  pageSize?: number;
}

export type ScheduleOutcome = 'created' | 'updated' | 'removed' | 'absent';

export async function ensureReconciliationSchedule(client: Client, o: ReconciliationScheduleOptions): Promise<ScheduleOutcome> {
  const handle = client.schedule.getHandle(RECONCILIATION_SCHEDULE_ID);
  if (o.cron === 'off') {
    try {
      await handle.delete();
      return 'removed';
    } catch (err) {
      if (err instanceof ScheduleNotFoundError) return 'absent';
      throw err;
    }
  }
  const input: ReconciliationInput = { trigger: 'schedule', maxDropShare: o.maxDropShare, ...(o.pageSize ? { pageSize: o.pageSize } : {}) };
  const action: ScheduleOptionsAction = {
    type: 'startWorkflow', workflowType: 'reconciliationWorkflow', taskQueue: o.taskQueue, args: [input],
    workflowId: 'reconciliation-scheduled',
  };
  const spec = { cronExpressions: [o.cron], timezone: o.timeZone };
  try {
    // One run at a time: a run still reading when the next is due makes the next one wait (BUFFER_ONE).
    await client.schedule.create({ scheduleId: RECONCILIATION_SCHEDULE_ID, spec, action, policies: { overlap: 'BUFFER_ONE' } });
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  await handle.update((prev) => ({ ...prev, spec, action }));
  return 'updated';
}

/** The API's reconciliation settings from the environment (RECONCILIATION_MAX_DROP, RECONCILIATION_PAGE_SIZE). */
export function reconciliationSettings(env: Env): { maxDropShare: number; pageSize?: number } {
  return { maxDropShare: env.RECONCILIATION_MAX_DROP, ...(env.RECONCILIATION_PAGE_SIZE ? { pageSize: env.RECONCILIATION_PAGE_SIZE } : {}) };
}

/** The schedule as the environment configures it (RECONCILIATION_SCHEDULE in COMPANY_TIMEZONE). */
export function ensureScheduleFromEnv(client: Client, env: Env): Promise<ScheduleOutcome> {
  return ensureReconciliationSchedule(client, {
    taskQueue: env.TEMPORAL_TASK_QUEUE, cron: env.RECONCILIATION_SCHEDULE, timeZone: env.COMPANY_TIMEZONE, ...reconciliationSettings(env),
  });
}
