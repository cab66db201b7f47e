// The data converter of every process that touches Temporal payloads: the API's client, the worker, the
// replayer and the tests. One codec (AES-256-GCM under PAYLOAD_KEYS) and one failure converter
// (failure-converter.ts, loaded by path, in the workflow sandbox too) everywhere, so what one encrypts the
// others read.
import type { DataConverter } from '@temporalio/common';
import type { PayloadKeyring } from '../config/payload-keyring';
import { AesGcmPayloadCodec } from './payload-codec';

/** For the workflow bundle (bundleWorkflowCode) as well: the sandbox loads the converter by path. */
export const FAILURE_CONVERTER_PATH = require.resolve('./failure-converter');

/** For a Client (the API, bulk runs, tests), Worker.create and Worker.runReplayHistory. */
export function gatehouseDataConverter(keys: PayloadKeyring): DataConverter {
  return { payloadCodecs: [new AesGcmPayloadCodec(keys)], failureConverterPath: FAILURE_CONVERTER_PATH };
}
