/**
 * Helpers of the flood/sink tests: make UDP loss deterministic by growing a
 * socket's receive buffer from outside, and a python3 UDP echo server.
 */
import { udpSocket } from "./helpers/net.ts";
import { output, PYTHON, startProcess } from "./helpers/process.ts";

/**
 * Takes the UDP socket bound to a port with pidfd_getfd (root) and sets
 * SO_RCVBUFFORCE on it; prints the size the kernel granted. Deno cannot set
 * SO_RCVBUF itself, and the default (about 160 small datagrams) overflows
 * whenever a busy machine deschedules the receiver for a few milliseconds.
 */
const GROW_BUFFER_PY = `
import ctypes, os, socket, sys
port, size = int(sys.argv[1]), int(sys.argv[2])
inodes = set()
for table in ("/proc/net/udp", "/proc/net/udp6"):
    for line in open(table).read().splitlines()[1:]:
        f = line.split()
        if int(f[1].rsplit(":", 1)[1], 16) == port:
            inodes.add("socket:[%s]" % f[9])
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        names = os.listdir("/proc/%s/fd" % pid)
    except OSError:
        continue  # gone, or not ours to read
    for n in names:
        try:
            link = os.readlink("/proc/%s/fd/%s" % (pid, n))
        except OSError:
            continue  # closed since the listing: the test process opens and closes many
        if link in inodes:
            libc = ctypes.CDLL(None, use_errno=True)
            dup = libc.syscall(438, os.pidfd_open(int(pid)), int(n), 0)
            if dup < 0:
                sys.exit("pidfd_getfd: errno %d" % ctypes.get_errno())
            s = socket.socket(fileno=dup)
            s.setsockopt(socket.SOL_SOCKET, 33, size)  # SO_RCVBUFFORCE
            print(s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))
            sys.exit(0)
sys.exit("no socket bound to port %d" % port)
`;

/**
 * Grows the receive buffer of the UDP socket bound to `port` (in network
 * namespace `netns`, else here) to hold `bytes`; returns the size granted.
 */
export async function growReceiveBuffer(
  port: number,
  bytes: number,
  netns?: string,
): Promise<number> {
  const py = [PYTHON, "-c", GROW_BUFFER_PY, String(port), String(bytes)];
  const [cmd, ...args] = netns ? ["ip", "netns", "exec", netns, ...py] : py;
  return Number(new TextDecoder().decode(await output(cmd, args)));
}

/** Whether growing buffers is possible here (root, pidfd_getfd); the reason if not. */
export async function bufferGrowthUnavailable(): Promise<string | undefined> {
  using probe = udpSocket();
  try {
    await growReceiveBuffer((probe.addr as Deno.NetAddr).port, 1 << 20);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.trim() : String(err);
  }
}

/** A python3 UDP echo server on loopback, its port read from its first line; killed on dispose. */
export async function pythonEcho(): Promise<AsyncDisposable & { port: number }> {
  const echo = await startProcess(PYTHON, ["-c", ECHO_PY]);
  return { port: Number(echo.firstLine), [Symbol.asyncDispose]: echo[Symbol.asyncDispose] };
}

const ECHO_PY = `import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1], flush=True)
while True:
    data, peer = s.recvfrom(65536)
    s.sendto(data, peer)`;
