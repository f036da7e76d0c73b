#!/usr/bin/env python3
"""What a browser loads on a first visit to a page: every request headless
Chromium makes (fresh profile, empty cache), with the bytes it received for
each, measured through the DevTools protocol over a pipe (no WebSocket
client, no npm package).

    scripts/page-loads.py URL [WIDTHxHEIGHT]

Prints one JSON object: {"url", "requests": [{"url", "type", "status",
"mime", "encoding", "transfer", "body"}]}, where `transfer` is the bytes on
the wire (headers included, compressed as sent) and `body` the decoded size.
Used by scripts/page-weight.sh.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-pipe",
]
# After the load event, the page counts as loaded once the network has been
# quiet this long (fonts may be requested late, when text is laid out).
QUIET_SECONDS = 1.0
TIMEOUT_SECONDS = 30.0


class Browser:
    """Chromium speaking the DevTools protocol on fds 3 (in) and 4 (out)."""

    def __init__(self, profile, size):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def wire_fds():
            # Copies first, so that neither end is overwritten by the other.
            fd_in, fd_out = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(fd_in, 3)
            os.dup2(fd_out, 4)

        self.process = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size}", "about:blank"],
            preexec_fn=wire_fds, pass_fds=(3, 4),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        os.set_blocking(self.from_chrome, False)
        self.buffer = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            messages = self.read(0.05)
            replies = [m for m in messages if m.get("id") == self.next_id]
            self.events += [m for m in messages if m.get("id") != self.next_id]
            if replies:
                if "error" in replies[0]:
                    raise RuntimeError(f"{method}: {replies[0]['error']}")
                return replies[0]["result"]
        raise TimeoutError(method)

    def read(self, wait):
        """Messages that arrive within `wait` seconds."""
        time.sleep(wait)
        try:
            while chunk := os.read(self.from_chrome, 1 << 20):
                self.buffer += chunk
        except BlockingIOError:
            pass
        *messages, self.buffer = self.buffer.split(b"\0")
        return [json.loads(m) for m in messages]

    def close(self):
        try:
            self.send("Browser.close")
        except (OSError, TimeoutError, RuntimeError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def first_visit(url, size):
    with tempfile.TemporaryDirectory(prefix="page-loads-") as profile:
        browser = Browser(profile, size)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
            session = browser.send(
                "Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            browser.send("Network.enable", session=session)
            browser.send("Page.enable", session=session)
            browser.events.clear()
            browser.send("Page.navigate", {"url": url}, session=session)
            requests, loaded, quiet_since = {}, False, time.monotonic()
            deadline = time.monotonic() + TIMEOUT_SECONDS
            while time.monotonic() < deadline:
                events, browser.events = browser.events + browser.read(0.05), []
                for event in events:
                    if event.get("sessionId") != session:
                        continue
                    method, params = event.get("method"), event.get("params", {})
                    if method == "Page.loadEventFired":
                        loaded = True
                    elif method == "Network.requestWillBeSent":
                        requests[params["requestId"]] = {
                            "url": params["request"]["url"], "type": params.get("type"),
                            "status": None, "mime": None, "encoding": None,
                            "transfer": 0, "body": 0, "done": False}
                    elif method == "Network.responseReceived":
                        r, response = requests[params["requestId"]], params["response"]
                        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
                        r.update(status=response["status"], mime=response["mimeType"],
                                 encoding=headers.get("content-encoding", "identity"),
                                 type=params.get("type", r["type"]))
                    elif method == "Network.dataReceived":
                        requests[params["requestId"]]["body"] += params["dataLength"]
                    elif method in ("Network.loadingFinished", "Network.loadingFailed"):
                        r = requests[params["requestId"]]
                        r["transfer"] = params.get("encodedDataLength", 0)
                        r["done"] = True
                    if method and method.startswith("Network."):
                        quiet_since = time.monotonic()
                pending = any(not r["done"] for r in requests.values())
                if loaded and not pending and time.monotonic() - quiet_since > QUIET_SECONDS:
                    break
            else:
                raise TimeoutError(f"{url} did not finish loading")
        finally:
            browser.close()
    for r in requests.values():
        del r["done"]
    return {"url": url, "requests": list(requests.values())}


def main():
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__.strip().splitlines()[3].strip())
    size = sys.argv[2].replace("x", ",") if len(sys.argv) == 3 else "1280,800"
    print(json.dumps(first_visit(sys.argv[1], size)))


if __name__ == "__main__":
    main()
