// The failure converter of every Gatehouse process, named by path so the worker bundles it into the workflow
// sandbox too (failureConverterPath). encodeCommonAttributes moves a failure's message and stack trace into
// its encoded attributes, so the payload codec encrypts them: an error quoting a name or an address stays
// out of the server's history. Client, worker and replayer must all use it (a failure encoded by one is
// decoded by the others). Only @temporalio/common here: this module runs inside the workflow sandbox.
import { DefaultFailureConverter } from '@temporalio/common';

export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
