/**
 * The words event definitions are written in: each builds the JSON Schema
 * of one field (TypeBox keeps its TypeScript type beside it), with what the
 * field means. `kinds.ts` writes every event with them.
 */
import { type Static, type TProperties, type TSchema, type TUnsafe, Type } from "@sinclair/typebox";

export type { Static, TProperties, TSchema };

/** A field an event may leave out (most are). */
export const optional = <T extends TSchema>(field: T) => Type.Optional(field);

export const str = (description: string) => Type.String({ description });
/** A count, a size, a number from 1: a whole number, never negative. */
export const int = (description: string) => Type.Integer({ minimum: 0, description });
export const num = (description: string) => Type.Number({ description });
export const bool = (description: string) => Type.Boolean({ description });

/** One of a few words: `{"enum": [...]}`, typed as their union. */
export function choice<const W extends readonly string[]>(
  words: W,
  description: string,
): TUnsafe<W[number]> {
  return Type.Unsafe<W[number]>({ enum: [...words], description });
}

/** The field holds this value only (`true` for a flag that is there only when set). */
export const only = <const V extends string | boolean>(value: V, description: string) =>
  Type.Literal(value, { description });

/** A JSON object with any fields (a json-framing header). */
export const anyObject = (description: string) =>
  Type.Unsafe<Record<string, unknown>>({ type: "object", description });

/** Any JSON value, as a peer sent it (a file name from a header). */
export const anyValue = (description: string) => Type.Unknown({ description });

/** A whole number or null: `{"type": ["integer", "null"]}`. */
export const intOrNull = (description: string) =>
  Type.Unsafe<number | null>({ type: ["integer", "null"], minimum: 0, description });

/** A string or null. */
export const strOrNull = (description: string) =>
  Type.Unsafe<string | null>({ type: ["string", "null"], description });

/**
 * A sentence for people in any language: a key of framecat's catalogues
 * (lib/i18n/) and the values it quotes, each a number, a string or another
 * sentence. `error` and `info` events carry one as `said` where their
 * `message` has one, so the page says it in its own language.
 */
export type Said = { key: string; vars?: Record<string, string | number | Said> };

/** A {@linkcode Said}: the message as a key and its values, for a reader in another language. */
export const sentence = (description: string) =>
  Type.Unsafe<Said>({
    type: "object",
    description,
    properties: {
      key: { type: "string" },
      vars: { type: "object", additionalProperties: { type: ["string", "number", "object"] } },
    },
    required: ["key"],
  });

/** A nested object with exactly these fields. */
export const object = <P extends TProperties>(properties: P, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

/** The field, or null: `{"anyOf": [field, {"type": "null"}]}`. */
export const orNull = <T extends TSchema>(field: T, description: string) =>
  Type.Union([field, Type.Null()], { description });

/** A list of `item`s. */
export const list = <T extends TSchema>(item: T, description: string) =>
  Type.Array(item, { description });
