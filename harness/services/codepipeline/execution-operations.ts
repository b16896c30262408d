/**
 * CodePipeline executions (filled in by the execution engine).
 */
import type { Operation } from '../types.js';

export const executionOperations: Record<string, Operation> = {};
