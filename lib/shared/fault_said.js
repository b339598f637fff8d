// @ts-check
/**
 * One fault the relay applied, as a sentence of the catalogues: `fault on #1 up: sliced chunk 1
 * (18 B) into 9 writes`, #1 being the connection (or session) it was applied on. framecat's text
 * output (lib/relay/text.ts) and the web page's timeline both say a `fault` event with this, so
 * a class reads the same words on the projector as in the terminal.
 */

/** @import { Said } from "./say.js" */

/**
 * The fields of a `fault` event this reads (lib/events/kinds.ts defines them).
 * @typedef {{
 *   fault: string, direction: string, bytes?: number, session?: number, connection?: number,
 *   seq?: number, passed?: number, kept?: number, ms?: number, pieces?: number, reads?: number,
 *   waited_ms?: number, rst?: boolean
 * }} FaultFields
 */

/**
 * @param {FaultFields} ev
 * @param {(bytes: number) => string} exactBytes how a connection's byte count is written
 * @returns {Said}
 */
export function faultSaid(ev, exactBytes) {
  const bytes = ev.bytes ?? 0;
  const unit = {
    key: ev.session !== undefined ? "relay.datagram" : "relay.chunk",
    vars: { seq: ev.seq ?? "?" },
  };
  /** @type {Record<string, () => Said>} */
  const what = {
    drop: () => ({ key: "relay.fault_drop", vars: { unit, bytes } }),
    dup: () => ({ key: "relay.fault_dup", vars: { unit, bytes } }),
    reorder: () => ({ key: "relay.fault_reorder", vars: { unit, bytes, passed: ev.passed ?? 0 } }),
    truncate: () => ({ key: "relay.fault_truncate", vars: { unit, bytes, kept: ev.kept ?? "?" } }),
    delay: () => ({ key: "relay.fault_delay", vars: { unit, bytes, ms: ev.ms ?? "?" } }),
    slice: () => ({ key: "relay.fault_slice", vars: { unit, bytes, pieces: ev.pieces ?? "?" } }),
    coalesce: () => ({ key: "relay.fault_coalesce", vars: { reads: ev.reads ?? 0, bytes } }),
    rate: () => ({ key: "relay.fault_rate", vars: { unit, bytes, ms: ev.waited_ms ?? "?" } }),
    close: () => ({ key: "relay.fault_close", vars: { bytes: exactBytes(bytes) } }),
    reset: () => ({
      key: ev.rst ? "relay.fault_reset_rst" : "relay.fault_reset",
      vars: { bytes: exactBytes(bytes) },
    }),
    stall: () => ({ key: "relay.fault_stall", vars: { bytes: exactBytes(bytes) } }),
  };
  const id = ev.connection ?? ev.session;
  const vars = {
    direction: { key: `relay.${ev.direction}` },
    what: (what[ev.fault] ?? (() => ({ key: `fault.${ev.fault}` })))(),
  };
  // A check's way (its relay of one link) numbers no connection.
  return id === undefined
    ? { key: "relay.fault_unnumbered", vars }
    : { key: "relay.fault", vars: { id, ...vars } };
}
