import type { ApiError } from './bindings/ApiError';

/** The state of one backend request. */
export type Loadable<T> =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'error'; error: ApiError }
  | { status: 'ready'; data: T };
