/**
 * The operations the template service implements, by their API names. The operation table (service.ts) is keyed by
 * this union with `satisfies`, so the compiler refuses a name without an operation.
 * A service that mirrors an SDK client also refuses a name its SDK does not know, as s3/operation-names.ts does:
 * `type Known<T extends SdkXOperationName> = T`, with SdkXOperationName derived from the client's `<Op>Command`
 * classes.
 */
export type TemplateOperationName = 'PutNote' | 'GetNote';
