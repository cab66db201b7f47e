// Which failures retrying cannot fix: the record refusing a value (a data exception, a broken constraint, a
// statement it cannot run) is not an outage. Those become non-retryable, so the step fails visibly and the
// case records it, instead of an activity retried for ever that holds up the person's next case.
import { ApplicationFailure } from '@temporalio/common';
import { RecordNotFoundError } from '../db/errors';

/** SQLSTATE classes that name the request, not the server: 22 data exception, 23 integrity, 42 syntax/access. */
const REFUSED_CLASSES = new Set(['22', '23', '42']);

export function isRecordRefusal(err: unknown): err is Error & { code: string } {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && REFUSED_CLASSES.has(code.slice(0, 2));
}

/** The activity as it was, but a refusal of the record surfaces as a non-retryable `RecordRefused`. */
export function refusalsAreFinal<A extends unknown[], R>(fn: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      // A record a step needs and nobody will write: its case has ended (superseded) before writing it.
      if (err instanceof RecordNotFoundError) {
        throw ApplicationFailure.create({ type: 'RecordMissing', nonRetryable: true, cause: err, message: err.message });
      }
      if (!isRecordRefusal(err)) throw err;
      throw ApplicationFailure.create({
        type: 'RecordRefused', nonRetryable: true, cause: err,
        message: `the record refused the write (SQLSTATE ${err.code}): ${err.message}`,
      });
    }
  };
}

/** Every activity of the set, wrapped. */
export function withFinalRefusals<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(activities)) out[name] = refusalsAreFinal(fn as (...args: unknown[]) => Promise<unknown>);
  return out as T;
}
