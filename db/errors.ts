// Errors the record store raises on purpose, so the API can map them to problem responses.

export class RecordNotFoundError extends Error {
  constructor(
    readonly entity: string,
    readonly key: string,
  ) {
    super(`${entity} not found`);
    this.name = 'RecordNotFoundError';
  }
}
