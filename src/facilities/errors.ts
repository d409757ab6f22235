// Failures the caller caused. The query services know nothing of GraphQL; the API maps this
// error to `BAD_USER_INPUT` and shows its message, so messages must be safe to show.

export class InvalidQueryError extends Error {
  constructor(
    message: string,
    /** The argument at fault (`after`, `filter.near.radiusKm`), when there is one. */
    readonly argument?: string,
  ) {
    super(message);
    this.name = 'InvalidQueryError';
  }
}
