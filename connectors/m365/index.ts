// The Microsoft 365 connector's public surface.
export { createM365Connector, type M365ConnectorOptions } from './connector';
export { createGraphClient, type GraphClientOptions } from './graph-client';
export { classifyGraphError } from './classify';
export { upnCandidate, usageLocationFor, namePart } from './naming';
