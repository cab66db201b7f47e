// POST /v1/hr/{vendor}/{connectionId}: an HR system's own webhook (BambooHR, HiBob, Personio, Gusto, Deel).
// The vendor's scheme is verified on the raw bytes before anything parses them; the delivery is then accepted
// durably as a Temporal workflow whose id is its dedupe key (the vendor's event id, else a digest), and the
// answer goes out at once; the workflow fetches the employee from the vendor's API and accepts the change as
// an HR event (workflows/hr-intake.ts). A 4xx only for what retrying cannot fix: an unknown connection, a bad
// signature, a payload that is not the vendor's; Temporal unreachable is 503, which every vendor retries.
import express, { Router } from 'express';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { z } from 'zod';
import { findHrConnection } from '../../config/hr-connections';
import { HR_VENDORS } from '../../domain/hr-vendors';
import type { hrIntakeWorkflow, HrIntakeInput } from '../../workflows/hr-intake';
import type { ApiDeps } from '../deps';
import { readVendorPayload, verifyVendorSignature } from '../http/vendor-webhooks';
import { badRequest, notFound, unauthorized, unavailable, zodFields } from '../http/problem';
import { parseOr400 } from '../http/validate';

/** As POST /v1/hr/events (api/app.ts BODY_LIMIT). */
const BODY_LIMIT = '64kb';

export const hrVendorParams = z.strictObject({ vendor: z.enum(HR_VENDORS), connectionId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/) });

export const intakeWorkflowId = (vendor: string, connectionId: string, deliveryKey: string) => `hr-intake:${vendor}:${connectionId}:${deliveryKey}`;

export function hrVendorsRouter(deps: ApiDeps): Router {
  const r = Router();
  r.post('/v1/hr/:vendor/:connectionId', express.raw({ type: () => true, limit: BODY_LIMIT }), async (req, res) => {
    // An unknown vendor or connection is 404 (a retry cannot fix it), before anything else is read.
    if (!findHrConnection(deps.hrConnections ?? [], String(req.params.vendor), String(req.params.connectionId))) {
      throw notFound(`no HR connection ${String(req.params.vendor).slice(0, 40)}/${String(req.params.connectionId).slice(0, 40)} (HR_CONNECTIONS)`);
    }
    const { vendor, connectionId } = parseOr400(hrVendorParams, req.params, 'path');
    const c = findHrConnection(deps.hrConnections ?? [], vendor, connectionId)!;
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const check = verifyVendorSignature(vendor, req.headers, raw, c.secret, c.secretLabel);
    if (!check.ok) throw unauthorized(check.reason);
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
    } catch {
      throw badRequest('the body is not valid JSON');
    }
    const read = readVendorPayload(vendor, raw, body);
    if (!read.ok) throw badRequest(`not a ${vendor} webhook payload Gatehouse understands`, zodFields(read.errors));
    const workflowId = intakeWorkflowId(vendor, connectionId, read.delivery.deliveryKey);
    const input: HrIntakeInput = { vendor, connectionId, ...read.delivery };
    try {
      await deps.temporal.workflow.start<typeof hrIntakeWorkflow>('hrIntakeWorkflow', {
        workflowId, taskQueue: deps.taskQueue, args: [input], workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `HR intake: ${vendor}/${connectionId} delivery ${read.delivery.deliveryKey}`,
      });
    } catch (e) {
      if (e instanceof WorkflowExecutionAlreadyStartedError) {
        res.status(200).json({ intakeId: workflowId, duplicate: true });
        return;
      }
      deps.logger.error({ vendor, connectionId, err: (e as Error).name }, 'HR intake: could not hand the delivery to Temporal');
      throw unavailable('the delivery could not be accepted now; retry');
    }
    res.status(202).json({ intakeId: workflowId, duplicate: false });
  });
  return r;
}
