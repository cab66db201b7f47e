// The database layer's public face: the record store, migrations, the pool and the embedded server.
export { createRecordStore, type RecordStore, type RecordStoreOptions } from './record-store';
export { migrate, migrateAt, loadMigrations, type MigrateResult } from './migrate';
export { createPool, type PoolOptions } from './pool';
export { startEmbeddedPostgres, type EmbeddedPostgres, type EmbeddedPostgresOptions } from './embedded';
export { RecordNotFoundError } from './errors';
export { InvalidCursorError, type Instant, type Page } from './sql';
export type { AccessAt, AccessAccount, AccessEntitlement } from './access';
export type { Account, UpsertAccountInput } from './accounts';
export type { AddAssetInput, Asset, AssetKind, AssetStatus } from './assets';
export * from './audit';
export type { BulkItem, BulkItemStatus, BulkOperation, BulkProgress, CreateBulkInput, UpdateBulkItemInput } from './bulk';
export type { CaseRecord, ListCasesQuery, RecordCaseInput, UpdateCaseStateInput } from './cases';
export type { EntitlementAssignment, GrantEntitlementInput } from './entitlements';
export type { HrEventRecord, RecordHrEventInput, RecordHrEventResult } from './hr-events';
export type { ListPeopleQuery, Person, PersonHistoryEntry, PersonProfile, UpsertPersonResult } from './people';
export type { PersonRecord } from './person-record';
export type { PolicyVersion } from './policies';
export type { AccessSnapshot } from './snapshots';
