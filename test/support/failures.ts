// The ApplicationFailure a promise rejects with (a connector's classified error); fails the test otherwise.
import { ApplicationFailure } from '@temporalio/common';

export async function failureOf(p: Promise<unknown>): Promise<ApplicationFailure> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApplicationFailure);
  return e as ApplicationFailure;
}
