// Public surface of the Google Workspace connector.
export { createGoogleConnector, type GoogleConnectorOptions } from './connector';
export { createDirectoryClient, GOOGLE_DIRECTORY_SCOPES, GOOGLE_TOKEN_URL, type GoogleClientOptions } from './client';
export { classifyGoogleError, readHttpError } from './errors';
export { primaryEmailCandidates, emailLocalPart, foldNamePart } from './email';
