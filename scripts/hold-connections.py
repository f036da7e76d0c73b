#!/usr/bin/env python3
"""Hold N idle keep-alive HTTP/1.1 connections open to a server on loopback.

    scripts/hold-connections.py PORT N [PATH]

Opens N connections to 127.0.0.1:PORT, sends `GET PATH` (default
/healthz) on each with keep-alive, reads each whole answer (by its
Content-Length or chunked framing), lets them sit idle for a second (so
that whatever a server does with an idle connection, such as freeing
its buffers, is done), then prints `ready` and holds every connection
open, sending nothing, until stdin closes. Then it closes them
all and prints `closed`. scripts/bench.sh reads the server's RSS between
the two lines: the memory an idle keep-alive connection costs, and what
is given back once they go. Python 3 standard library only.

The fd limit is raised to its hard limit first; N above it fails with a
clear line. A connection the server closes or answers with anything but
a complete response fails the run: the figure would not be of N idle
connections.
"""

import resource
import socket
import sys
import time

# Seconds the connections sit idle before `ready`: well within
# phasespace's 5 s bound on silence, which closes them.
IDLE_BEFORE_READY = 1.0


def raise_fd_limit(needed):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        soft = hard
    if soft != resource.RLIM_INFINITY and needed > soft:
        sys.exit(f"hold-connections: {needed} connections need more than the fd limit {soft}")


def read_response(sock):
    """Reads one whole HTTP/1.1 response; returns its status line."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed before the response's headers ended")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        headers[name.strip().lower()] = value.strip()
    if headers.get(b"connection", b"").lower() == b"close":
        raise ConnectionError("the server answered with Connection: close")
    if b"content-length" in headers:
        length = int(headers[b"content-length"])
        while len(body) < length:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed inside the body")
            body += chunk
    elif headers.get(b"transfer-encoding", b"").lower() == b"chunked":
        while not body.endswith(b"0\r\n\r\n"):
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("closed inside the chunked body")
            body += chunk
    return lines[0].decode("latin-1")


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: hold-connections.py PORT N [PATH]")
    port, count = int(sys.argv[1]), int(sys.argv[2])
    path = sys.argv[3] if len(sys.argv) == 4 else "/healthz"
    raise_fd_limit(count + 16)
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Accept-Encoding: br, gzip\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port))
        sock.sendall(request)
        status = read_response(sock)
        if not status.startswith("HTTP/1.1 2"):
            sys.exit(f"hold-connections: {path} answered {status!r}")
        held.append(sock)
    time.sleep(IDLE_BEFORE_READY)
    print("ready", flush=True)
    sys.stdin.read()
    for sock in held:
        sock.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
