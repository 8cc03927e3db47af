#!/usr/bin/env python3
"""Peak memory of the language server for one large message.

    scripts/big-message.py [MEGABYTES] [BINARY]     (default: 200, target/release/docwright)

Runs `BINARY lsp` under `/usr/bin/time -v` and sends it, over stdio: a `didOpen` of a document of
MEGABYTES (10^6 bytes), a `didChange` replacing its whole text with as much again, then a small
document and a `documentSymbol` request on it, whose answer it waits for (the server must keep
serving), then `shutdown` and `exit`. Prints the peak resident set and its ratio to one message.
"""
import json
import re
import subprocess
import sys
import threading
import time

size = int(float(sys.argv[1]) * 1000 * 1000) if len(sys.argv) > 1 else 200 * 1000 * 1000
binary = sys.argv[2] if len(sys.argv) > 2 else "target/release/docwright"

server = subprocess.Popen(["/usr/bin/time", "-v", binary, "lsp"], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE)
answers = {}
shown = []
arrived = threading.Condition()


def read_messages():
    out = server.stdout
    while True:
        header = b""
        while not header.endswith(b"\r\n\r\n"):
            byte = out.read(1)
            if not byte:
                return
            header += byte
        length = int(re.search(rb"Content-Length: *(\d+)", header).group(1))
        message = json.loads(out.read(length))
        with arrived:
            if "id" in message and "method" not in message:
                answers[message["id"]] = message
            elif message.get("method") == "window/showMessage":
                shown.append(message["params"]["message"])
            arrived.notify_all()


stderr_lines = []
threading.Thread(target=read_messages, daemon=True).start()
threading.Thread(target=lambda: stderr_lines.extend(server.stderr), daemon=True).start()


def send(message):
    body = json.dumps(message).encode()
    server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
    server.stdin.flush()


def wait_answer(id):
    with arrived:
        arrived.wait_for(lambda: id in answers, timeout=120)
    return answers.get(id)


def text(letter):
    line = (letter * 79 + "\n").encode()
    return (line * (size // len(line) + 1))[:size].decode()


send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
wait_answer(1)
send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
big = "file:///tmp/docwright-big-message/big.md"
started = time.monotonic()
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": big, "languageId": "markdown", "version": 1, "text": text("a")}}})
send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
    "textDocument": {"uri": big, "version": 2}, "contentChanges": [{"text": text("b")}]}})
small = "file:///tmp/docwright-big-message/small.md"
send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
    "uri": small, "languageId": "markdown", "version": 1, "text": "# Small\n\n## Context\n"}}})
send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/documentSymbol",
      "params": {"textDocument": {"uri": small}}})
answer = wait_answer(2)
elapsed = time.monotonic() - started
send({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})
wait_answer(3)
send({"jsonrpc": "2.0", "method": "exit"})
server.stdin.close()
server.wait()
time.sleep(0.2)
log = b"".join(stderr_lines).decode(errors="replace")
peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", log).group(1))
answered = bool(answer and isinstance(answer.get("result"), list) and answer["result"])
print(f"message {size / 1e6:g} MB: peak {peak_kb} kB = {peak_kb * 1024 / size:.2f}x one message; "
      f"request on another document answered: {answered} ({elapsed:.1f} s after the didOpen "
      f"was sent); warnings shown: {len(shown)}")
