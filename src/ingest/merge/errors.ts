/** A merge or review decision that cannot be carried out, for a reason the caller can fix. */
export class MergeError extends Error {
  constructor(
    readonly code: 'NOT_FOUND' | 'ALREADY_RESOLVED' | 'BAD_USER_INPUT' | 'CONFLICT',
    message: string,
  ) {
    super(message);
    this.name = 'MergeError';
  }
}
