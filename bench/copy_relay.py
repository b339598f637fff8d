"""The relay benchmark's floor: the least a copying TCP relay can do.

Each accepted connection is joined to the target by two threads, each of
which does nothing but a blocking recv_into of up to 1 MiB and a sendall of
what came, as framecat's relay reads (no events, no faults, no event loop).
It prints the port the kernel picked on its first line, then serves until
killed. Through it and through `framecat relay` in the same run, the ratio
says how much of what a relay costs here is framecat's own.
Run: python3 bench/copy_relay.py TARGET_PORT
"""
import socket
import sys
import threading

READ_MAX = 1024 * 1024


def pump(src, dst):
    buf = bytearray(READ_MAX)
    view = memoryview(buf)
    try:
        while True:
            n = src.recv_into(buf)
            if not n:
                break
            dst.sendall(view[:n])
        dst.shutdown(socket.SHUT_WR)
    except OSError:
        pass  # a side went away: the other thread sees it too


def main():
    target = int(sys.argv[1])
    listener = socket.socket()
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        try:
            upstream = socket.create_connection(("127.0.0.1", target))
        except OSError:
            client.close()
            continue
        threading.Thread(target=pump, args=(client, upstream), daemon=True).start()
        threading.Thread(target=pump, args=(upstream, client), daemon=True).start()


main()
