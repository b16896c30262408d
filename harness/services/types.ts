/**
 * The service contract, as services import it: it lives in core/service.ts (core owns what it asks of a service);
 * this file keeps the import path every operation file uses.
 */
export type * from '../core/service.js';
