// @ts-check
/**
 * The web API's bounds that the page must know before it asks: the server
 * refuses past them (lib/web/api.ts), and the page, which loads this very file
 * (GET /shared/limits.js), says so before it reads a file it could not send.
 */

/** Largest request body framecat web reads: an argv, or a message of the send box. */
export const MAX_BODY = 24 * 1024 * 1024;

/**
 * Largest file the page can send: its bytes go as base64 (4 characters for 3 bytes) in a JSON
 * body, with room left for the body's other fields.
 */
export const MAX_PAGE_FILE = Math.floor((MAX_BODY - 64 * 1024) / 4) * 3;

/** The most times one send repeats (`count`; 0 is until stopped), and the longest pause between. */
export const MAX_COUNT = 1_000_000;
export const MAX_INTERVAL_MS = 3_600_000;
