"""Services of a test's own that it can take down: a Redis broker and an SMTP server.

`OwnRedis` is a `redis-server` process on a free port that the test freezes, stops and starts
again (no persistence, so a restart comes back empty, as a broker that lost its memory would).
`SMTPServer` speaks just enough SMTP for Django's backend, counts the messages it accepted,
and can hold new connections without a greeting, so a worker sending mail hangs mid-task."""

import shutil
import signal
import socket
import socketserver
import subprocess
import threading
import time


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    def __init__(self):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            raise RuntimeError("redis-server is not installed; the broker outage tests need their own Redis")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as conn:
                    conn.sendall(b"PING\r\n")
                    if conn.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not start")

    def freeze(self):
        """Still accepting connections, answering nothing: a hung Redis or a lost network."""
        self.process.send_signal(signal.SIGSTOP)

    def stop(self):
        """Gone: connections are refused."""
        if self.process is not None:
            self.process.terminate()
            self.process.send_signal(signal.SIGCONT)  # a frozen one must run to act on SIGTERM
            self.process.wait(timeout=10)
            self.process = None

    def queue_length(self, queue: str) -> int:
        import redis

        return redis.Redis.from_url(self.url).llen(queue)


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.messages: list[bytes] = []
        self.held = 0  # connections left waiting without a greeting
        self.holding = threading.Event()
        self.release = threading.Event()
        super().__init__(("127.0.0.1", 0), _SMTPHandler)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def hold(self):
        self.release.clear()
        self.holding.set()

    def answer(self):
        self.holding.clear()
        self.release.set()

    def close(self):
        self.release.set()
        self.shutdown()
        self.server_close()


class _SMTPHandler(socketserver.StreamRequestHandler):
    def handle(self):
        server: SMTPServer = self.server
        if server.holding.is_set():
            server.held += 1
            server.release.wait()
            return  # the client gave up or was killed; this connection never gets an answer
        self._reply("220 test ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self._reply("354 end with <CRLF>.<CRLF>")
                body = []
                while (part := self.rfile.readline()) not in (b".\r\n", b""):
                    body.append(part)
                server.messages.append(b"".join(body))
                self._reply("250 accepted")
            elif verb == b"QUIT":
                self._reply("221 bye")
                return
            else:
                self._reply("250 test")

    def _reply(self, text):
        self.wfile.write(text.encode() + b"\r\n")
        self.wfile.flush()
