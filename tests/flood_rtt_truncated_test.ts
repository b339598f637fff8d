/**
 * flood --rtt against the course's UDP echo server, which reads with
 * recvfrom(1024): every 1400-byte probe comes back cut to 1024 bytes. The
 * report's line says so, as its `truncated` field does; it used to read
 * "echoed 100/100  lost both ways 0 (0%)", as if all were well.
 */
import assert from "node:assert/strict";
import { eventsOf, runFramecat } from "./helpers/cli.ts";
import { PYTHON, startProcess } from "./helpers/process.ts";

const COURSE_UDP_ECHO = `
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    msg, addr = s.recvfrom(1024)
    s.sendto(msg, addr)
`;

for (const lang of ["en", "zh"]) {
  Deno.test(`flood --rtt --lang ${lang} at a recvfrom(1024) echo server: the line counts the truncated echoes`, async () => {
    await using echo = await startProcess(PYTHON, ["-c", COURSE_UDP_ECHO]);
    const run = await runFramecat([
      "flood",
      `udp://127.0.0.1:${echo.firstLine}`,
      "--rtt",
      "--count",
      "20",
      "--rate",
      "1000",
      "--lang",
      lang,
      "--output",
      "json",
    ]);
    assert.equal(run.code, 0, run.stderr);
    const [report] = eventsOf(run.events, "report", "flood_udp_rtt");
    assert.equal(report.truncated, report.unique);
    assert.ok(report.unique > 0);
    const said = lang === "en" ? `truncated ${report.truncated}` : `被截断 ${report.truncated}`;
    assert.ok(String(report.message).includes(said), String(report.message));
  });
}
