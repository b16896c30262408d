/**
 * An operation table typed by the SDK's own commands: for each implemented operation name `Op`, the `<Op>Command`
 * that the service's `@aws-sdk/client-*` package exports gives the input (`OpCommandInput`) and output
 * (`OpCommandOutput`) types, so a table that `satisfies SdkOperations<typeof sdk, Names>` is refused by the compiler
 * when it lacks an operation, names one the SDK does not know, or types one against the wrong shapes.
 */
import type { Operation, Out } from '../core/service.js';

/** What an SDK command instance carries: its input, and the output its handler resolves to. */
interface CommandShape<I, O> {
  readonly input: I;
  resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: O }>;
}

/** Every operation of an SDK client package, named as its `<Op>Command` classes are. */
export type SdkOperationName<Sdk> = { [K in keyof Sdk]: K extends `${infer Op}Command` ? Op : never }[keyof Sdk];

type CommandOf<Sdk, Op extends SdkOperationName<Sdk>> = Sdk[`${Op}Command` & keyof Sdk];

/** The SDK's `XCommandInput` of an operation. */
export type SdkInput<Sdk, Op extends SdkOperationName<Sdk>> = CommandOf<Sdk, Op> extends abstract new (...args: never[]) => CommandShape<infer I, unknown> ? I : never;

/** The SDK's `XCommandOutput` of an operation, without the transport's `$metadata`. */
export type SdkOutput<Sdk, Op extends SdkOperationName<Sdk>> = CommandOf<Sdk, Op> extends abstract new (...args: never[]) => CommandShape<unknown, infer O> ? Out<O> : never;

/** One operation typed with the SDK's input and output. */
export type SdkOperation<Sdk, Op extends SdkOperationName<Sdk>, R = undefined> = Operation<SdkInput<Sdk, Op>, SdkOutput<Sdk, Op>, R>;

/**
 * The table of operations `Names` (only names the SDK knows), each typed with the SDK's input and output. What an
 * operation resolves is its own business (each entry's type says it), so the table does not constrain it.
 */
export type SdkOperations<Sdk, Names extends SdkOperationName<Sdk>> = { [Op in Names]: SdkOperation<Sdk, Op, any> };
