/**
 * A service's model as its AWS SDK for JavaScript v3 client package carries it: each operation's static schema is
 * exported as `<Operation>$`, and the protocols coerce wire values into the operation's input type by it
 * (harness/protocols/coerce.ts), so handlers see what `XCommandInput` says, never raw wire records.
 * The types below read the same package's `<Op>Command` classes, so an operation table typed by them is refused by
 * the compiler when it lacks an operation, names one the SDK does not know, or takes another input than the SDK's;
 * and an internal call made through `sdkInvoke` passes the SDK's input, since internal calls are not coerced.
 */
import type { InvokeOptions, Operation, OperationContext, Out, SdkSchemaRef, ServiceModel } from '../core/service.js';

export function sdkModel(client: Readonly<Record<string, unknown>>): ServiceModel {
  return {
    inputOf(operation) {
      const schema = client[`${operation}$`];
      return Array.isArray(schema) ? (schema as SdkSchemaRef) : undefined;
    },
  };
}

/** Every operation of an SDK client package (`typeof import('@aws-sdk/client-…')`), named as its `<Op>Command` classes are. */
export type SdkOperationName<Client> = { [K in keyof Client]: K extends `${infer Op}Command` ? Op : never }[keyof Client];

/** An `<Op>Command` instance (its constructor is overloaded when every input member is optional). */
type CommandOf<Client, Op extends string> = Client[`${Op}Command` & keyof Client] extends new (...args: never[]) => infer C ? C : never;

/** `<Op>CommandInput`, as the command holds it. */
export type SdkInput<Client, Op extends string> = CommandOf<Client, Op> extends { readonly input: infer I } ? I : never;

/** `<Op>CommandOutput`, as the command's handler resolves it. */
export type SdkOutput<Client, Op extends string> =
  CommandOf<Client, Op> extends { resolveMiddleware(...args: never[]): (args: never) => Promise<{ output: infer O }> } ? O : never;

/** One operation typed with the SDK's input and output; `R` is what its `resolve` hands the checks and the handler. */
export type SdkOperation<Client, Op extends string, R = undefined> = Operation<SdkInput<Client, Op>, Out<SdkOutput<Client, Op>>, R>;

/**
 * The operation table of the operations `Names` of an SDK client: each entry takes the SDK's `<Op>CommandInput` and
 * answers its `<Op>CommandOutput` (what an entry resolves beforehand is its own business).
 */
export type SdkOperations<Client, Names extends SdkOperationName<Client>> = {
  // `resolved` is whatever the entry's own `resolve` returns, which the table does not constrain.
  [Op in Names]: Operation<SdkInput<Client, Op>, Out<SdkOutput<Client, Op>>, any>;
};

/**
 * Internal calls to `service` typed by its SDK client (`sdkInvoke<typeof import('@aws-sdk/client-…')>`): each takes
 * the operation's `<Op>CommandInput` and answers its output, as a call over the wire would after coercion.
 */
export function sdkInvoke<Client>(invoke: OperationContext['invoke'], service: string) {
  return <Op extends SdkOperationName<Client> & string>(operation: Op, input: SdkInput<Client, Op>, opts?: InvokeOptions) =>
    invoke<Out<SdkOutput<Client, Op>>>(service, operation, input, opts);
}
