// SCIM 2.0 connector: one Connector per configured app (SCIM_APPS), system `scim:<name>`.
export { createScimConnector, createScimConnectors, type ScimAppConfig, type ScimConnectorOptions } from './connector';
export { parseScimApps } from './config';
export { defaultUserNameFor, type UserNameFor } from './username';
