/**
 * A student's Modbus client whose CRC is almost right: packed high byte first
 * (struct.pack('>H')), or computed with binascii.crc_hqx (CRC-16/XMODEM)
 * instead of Modbus's CRC. The checksum warning says which, and the option
 * that reads it, in English and in Chinese.
 */
import assert from "node:assert/strict";
import { eventsOf, Framecat } from "./helpers/cli.ts";
import { python } from "./helpers/process.ts";
import { type Said, sayIn } from "../lib/i18n/say.ts";

/** Sends 01 03 00 00 00 02 and the CRC the way `pack` (python) writes it, then closes. */
const STUDENT = `
import socket, struct, sys, binascii
def crc16(data):
    crc = 0xFFFF
    for b in data:
        crc ^= b
        for _ in range(8):
            crc = (crc >> 1) ^ 0xA001 if crc & 1 else crc >> 1
    return crc
req = bytes([1, 3, 0, 0, 0, 2])
tail = {
    "modbus_be": struct.pack(">H", crc16(req)),
    "hqx": struct.pack(">H", binascii.crc_hqx(req, 0)),
    "random": b"\\x12\\x34",
}[sys.argv[2]]
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
c.sendall(req + tail)
c.close()
`;

async function warningFor(way: string, lang: string, field = "message"): Promise<unknown> {
  await using server = new Framecat([
    ...["serve", "127.0.0.1:0", "--checksum", "crc16-modbus", "--behavior", "discard"],
    ...["--output", "json", "--lang", lang],
  ]);
  const port = await server.port();
  await python(STUDENT, [`${port}`, way]);
  const warning = await server.waitFor((evs) => eventsOf(evs, "checksum")[0]);
  assert.ok(warning, server.stderr);
  return warning[field as keyof typeof warning];
}

Deno.test("a Modbus CRC packed high byte first: the warning says the bytes are the other way round and names crc16-modbus:be", async () => {
  const message = String(await warningFor("modbus_be", "en"));
  assert.match(message, /ends with 0bc4, but its crc16-modbus is c40b; /);
  assert.match(message, /0bc4 is its crc16-modbus with the bytes the other way round/);
  assert.match(message, /high byte first \(Python's struct\.pack\('>H'\)\)/);
  assert.match(message, /--checksum crc16-modbus:be$/);
});

Deno.test("a CRC-16/XMODEM (binascii.crc_hqx) where Modbus's CRC was asked for: the warning names it", async () => {
  const message = String(await warningFor("hqx", "en"));
  assert.match(message, /but its crc16-modbus is c40b; [0-9a-f]{4} is its crc16-xmodem/);
  assert.match(message, /try --checksum crc16-xmodem$/);
});

Deno.test("bytes that are no known checksum: the warning gives both values and guesses nothing", async () => {
  const message = String(await warningFor("random", "en"));
  assert.equal(message, "message #1 ends with 1234, but its crc16-modbus is c40b");
});

Deno.test("the byte-order hint in Chinese", async () => {
  const said = await warningFor("modbus_be", "zh", "said");
  const line = sayIn("zh", said as Said);
  assert.match(line, /0bc4 正是它的 crc16-modbus，只是字节顺序反了：对方先发高字节/);
  assert.match(line, /用 --checksum crc16-modbus:be 按这个顺序校验$/);
});
