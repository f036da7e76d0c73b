#!/usr/bin/env python3
"""Hold N idle keep-alive connections open to a server on loopback.

    scripts/hold-connections.py [--tls h2|http/1.1] PORT N [PATH]

Opens N connections to 127.0.0.1:PORT, sends `GET PATH` (default
/healthz) on each with keep-alive, reads each whole answer (by its
Content-Length or chunked framing; over h2, to the stream's end), lets
them sit idle for a second (so
that whatever a server does with an idle connection, such as freeing
its buffers, is done), then prints `ready` and holds every connection
open, sending nothing, until stdin closes. Then it closes them
all and prints `closed`. scripts/bench.sh reads the server's RSS between
the two lines: the memory an idle keep-alive connection costs, and what
is given back once they go. Python 3 standard library only.

Plain HTTP/1.1 by default. With `--tls PROTOCOL` each connection is
HTTPS (no certificate check: the benchmark's are self-signed) and
negotiates PROTOCOL by ALPN: `h2`, what a browser keeps open to an HTTPS
site, or `http/1.1`. The h2 client is the least a request takes: the
preface, empty SETTINGS, one HEADERS frame, an ACK of the server's
SETTINGS, then frames read until stream 1 ends.

The fd limit is raised to its hard limit first; N above it fails with a
clear line. A connection the server closes or answers with anything but
a complete response fails the run: the figure would not be of N idle
connections.
"""

import resource
import socket
import ssl
import struct
import sys
import time

# Seconds the connections sit idle before `ready`: well within
# phasespace's 5 s bound on silence, which closes them.
IDLE_BEFORE_READY = 1.0
# Longest the first connection may have been idle at `ready`: past it,
# a server with a 5 s bound on silence may have closed the first
# connections, and the figure would not be of N open ones.
OLDEST_AT_READY = 4.0
# Longest a server may take to answer (a socket timeout): a stalled
# answer fails the run rather than hang it.
ANSWER_TIMEOUT = 10.0


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


def hpack_string(text):
    """An HPACK string literal, not Huffman-coded (shorter than 127 bytes)."""
    data = text.encode()
    if len(data) >= 127:
        sys.exit("hold-connections: path too long for this client")
    return bytes([len(data)]) + data


def frame(kind, flags, stream, payload=b""):
    """One HTTP/2 frame."""
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def recv_exactly(sock, size):
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise ConnectionError("closed before stream 1 ended")
        data += chunk
    return data


def h2_get(sock, port, path):
    """GET `path` on stream 1 over h2; returns the response's :status."""
    block = (
        b"\x82"  # :method GET (static table 2)
        + b"\x87"  # :scheme https (7)
        + b"\x04" + hpack_string(path)  # :path, literal (name 4)
        + b"\x01" + hpack_string(f"127.0.0.1:{port}")  # :authority (1)
        + b"\x0f\x01" + hpack_string("br, gzip")  # accept-encoding (16: 15 + 1)
    )
    largest_window = 2**31 - 1
    sock.sendall(
        b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
        # SETTINGS: a stream window as large as allowed (4 is
        # SETTINGS_INITIAL_WINDOW_SIZE), and the connection's window
        # raised to match, so a large body never waits for WINDOW_UPDATE.
        + frame(4, 0, 0, struct.pack(">HI", 4, largest_window))
        + frame(8, 0, 0, struct.pack(">I", largest_window - 65535))
        + frame(1, 0x5, 1, block)  # HEADERS, END_STREAM | END_HEADERS
    )
    status = None
    while True:
        head = recv_exactly(sock, 9)
        length = struct.unpack(">I", b"\0" + head[:3])[0]
        kind, flags = head[3], head[4]
        stream = struct.unpack(">I", head[5:])[0] & 0x7FFFFFFF
        payload = recv_exactly(sock, length)
        if kind == 4 and not flags & 0x1:
            sock.sendall(frame(4, 0x1, 0))  # SETTINGS ACK
        elif kind == 7:
            raise ConnectionError("the server sent GOAWAY")
        elif kind == 3 and stream == 1:
            raise ConnectionError("the server reset stream 1")
        elif kind == 1 and stream == 1 and status is None:
            # A server's first :status is one byte: 0x88 is 200 (index 8).
            # (No PADDED or PRIORITY flag expected on a response's HEADERS.)
            status = "200" if payload[:1] == b"\x88" else f"not 200 (first byte {payload[:1].hex()})"
        if stream == 1 and kind in (0, 1) and flags & 0x1:
            return status


def main():
    args = sys.argv[1:]
    protocol = None
    if args[:1] == ["--tls"] and len(args) > 1:
        protocol, args = args[1], args[2:]
        if protocol not in ("h2", "http/1.1"):
            sys.exit("hold-connections: --tls takes h2 or http/1.1")
    if len(args) not in (2, 3):
        sys.exit("usage: hold-connections.py [--tls h2|http/1.1] PORT N [PATH]")
    port, count = int(args[0]), int(args[1])
    path = args[2] if len(args) == 3 else "/healthz"
    raise_fd_limit(count + 16)
    tls = None
    if protocol:
        tls = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        tls.check_hostname = False
        tls.verify_mode = ssl.CERT_NONE
        tls.set_alpn_protocols([protocol])
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Accept-Encoding: br, gzip\r\nConnection: keep-alive\r\n\r\n"
    ).encode()
    held = []
    first_opened = time.monotonic()
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=ANSWER_TIMEOUT)
        if tls:
            sock = tls.wrap_socket(sock)
            if sock.selected_alpn_protocol() != protocol:
                sys.exit(f"hold-connections: the server chose {sock.selected_alpn_protocol()!r}, not {protocol}")
        if protocol == "h2":
            status = "HTTP/2 " + (h2_get(sock, port, path) or "no status")
            ok = status == "HTTP/2 200"
        else:
            sock.sendall(request)
            status = read_response(sock)
            ok = status.startswith("HTTP/1.1 2")
        if not ok:
            sys.exit(f"hold-connections: {path} answered {status!r}")
        held.append(sock)
    time.sleep(IDLE_BEFORE_READY)
    oldest = time.monotonic() - first_opened
    if oldest > OLDEST_AT_READY:
        sys.exit(f"hold-connections: opening {count} took too long: the first has been idle {oldest:.1f} s, and may have been closed")
    print("ready", flush=True)
    sys.stdin.read()
    for sock in held:
        sock.close()
    print("closed", flush=True)


if __name__ == "__main__":
    main()
