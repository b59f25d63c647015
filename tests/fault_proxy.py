#!/usr/bin/env python3
"""A loopback HTTP proxy that forwards AWS API requests to an emulator and injects faults.

Used by the fault-injection tests and by the latency benchmark. Every request is forwarded to
--upstream unless a fault is drawn for it:

  --throttle P   answer with the protocol's own throttling error (HTTP 400, or 503 SlowDown for S3)
  --error P      answer HTTP 500/503 with an internal-error body
  --drop P       close the connection without answering
  --latency MS   wait MS milliseconds before forwarding (every request, faults included)
  --jitter MS    plus a uniform random 0..MS
  --exempt RE    never fault a request whose path or body matches RE (e.g. GetCallerIdentity)
  --deny RE      answer AccessDenied (HTTP 403) to every request whose path or body matches RE,
                 as AWS does when a policy or a role's trust policy refuses the caller

The throttling body matches the protocol of the request (AWS JSON, query, EC2 query, REST-XML,
REST-JSON) so SDKs recognise it as throttling, not as a generic failure. Draws come from a seeded
generator (--seed), so a run is reproducible for the same request order.

GET /__proxy/stats answers the counts so far as JSON (requests, forwarded, and each fault).
Only loopback upstreams are accepted.
"""
import argparse
import re
import http.client
import json
import random
import signal
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailers", "transfer-encoding", "upgrade", "content-length", "host"}


class State:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.lock = threading.Lock()
        self.stats = {"requests": 0, "forwarded": 0, "throttled": 0, "errors": 0, "dropped": 0,
                      "denied": 0}
        self.exempt = re.compile(args.exempt) if args.exempt else None
        self.deny = re.compile(args.deny) if args.deny else None

    def draw(self):
        """The fault for the next request: 'throttle', 'error', 'drop' or None."""
        with self.lock:
            self.stats["requests"] += 1
            x = self.rng.random()
            jitter = self.rng.random() * self.args.jitter
        a = self.args
        if x < a.throttle:
            fault = "throttle"
        elif x < a.throttle + a.error:
            fault = "error"
        elif x < a.throttle + a.error + a.drop:
            fault = "drop"
        else:
            fault = None
        return fault, (a.latency + jitter) / 1000.0

    def count(self, key):
        with self.lock:
            self.stats[key] += 1


def protocol(headers, body, path):
    """Which AWS protocol a request speaks, from its headers and body."""
    target = headers.get("X-Amz-Target")
    ctype = (headers.get("Content-Type") or "").lower()
    if target:
        return "json"
    if ctype.startswith("application/x-www-form-urlencoded"):
        params = urllib.parse.parse_qs(body.decode("utf-8", "replace"))
        # EC2 is the only query service whose API version is 2016-11-15.
        if params.get("Version", [""])[0] == "2016-11-15":
            return "ec2"
        return "query"
    if path.startswith(("/2013-04-01/", "/2020-05-31/", "/2019-03-26/")):
        return "restxml"  # Route 53, CloudFront
    if "json" in ctype or path.startswith(("/2015-03-31/", "/restapis", "/v2/", "/clusters",
                                             "/2015-02-01/", "/analyzer")):
        return "restjson"
    return "s3"


def throttle_response(proto):
    """(status, headers, body) of a throttling error in `proto`."""
    msg = "Rate exceeded (injected by the fault proxy)"
    if proto == "json":
        return 400, {"Content-Type": "application/x-amz-json-1.1",
                     "x-amzn-ErrorType": "ThrottlingException"}, json.dumps(
            {"__type": "ThrottlingException", "message": msg}).encode()
    if proto == "restjson":
        return 429, {"Content-Type": "application/json",
                     "x-amzn-ErrorType": "TooManyRequestsException"}, json.dumps(
            {"message": msg}).encode()
    if proto == "ec2":
        return 503, {"Content-Type": "text/xml"}, (
            "<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>%s</Message>"
            "</Error></Errors><RequestID>fault-proxy</RequestID></Response>" % msg).encode()
    if proto == "s3":
        return 503, {"Content-Type": "application/xml"}, (
            "<Error><Code>SlowDown</Code><Message>%s</Message>"
            "<RequestId>fault-proxy</RequestId></Error>" % msg).encode()
    # query and REST-XML
    return 400, {"Content-Type": "text/xml"}, (
        "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>%s</Message>"
        "</Error><RequestId>fault-proxy</RequestId></ErrorResponse>" % msg).encode()


def denied_response(proto):
    msg = "not authorized (denied by the fault proxy)"
    if proto in ("json", "restjson"):
        return 403, {"Content-Type": "application/json",
                     "x-amzn-ErrorType": "AccessDeniedException"}, json.dumps(
            {"__type": "AccessDeniedException", "message": msg}).encode()
    if proto == "ec2":
        return 403, {"Content-Type": "text/xml"}, (
            "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>%s</Message>"
            "</Error></Errors><RequestID>fault-proxy</RequestID></Response>" % msg).encode()
    if proto == "s3":
        return 403, {"Content-Type": "application/xml"}, (
            "<Error><Code>AccessDenied</Code><Message>%s</Message></Error>" % msg).encode()
    return 403, {"Content-Type": "text/xml"}, (
        "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>"
        "<Message>%s</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>" % msg).encode()


def error_response(proto, rng):
    status = rng.choice([500, 503])
    msg = "Internal failure (injected by the fault proxy)"
    if proto in ("json", "restjson"):
        return status, {"Content-Type": "application/json",
                        "x-amzn-ErrorType": "InternalFailure"}, json.dumps(
            {"__type": "InternalFailure", "message": msg}).encode()
    if proto == "ec2":
        return status, {"Content-Type": "text/xml"}, (
            "<Response><Errors><Error><Code>InternalError</Code><Message>%s</Message>"
            "</Error></Errors><RequestID>fault-proxy</RequestID></Response>" % msg).encode()
    if proto == "s3":
        return status, {"Content-Type": "application/xml"}, (
            "<Error><Code>InternalError</Code><Message>%s</Message></Error>" % msg).encode()
    return status, {"Content-Type": "text/xml"}, (
        "<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
        "<Message>%s</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>" % msg).encode()


def make_handler(state, upstream):
    up = urllib.parse.urlsplit(upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):  # quiet
            pass

        def _body(self):
            n = int(self.headers.get("Content-Length") or 0)
            return self.rfile.read(n) if n else b""

        def _send(self, status, headers, body):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self):
            body = self._body()
            if self.path == "/__proxy/stats":
                with state.lock:
                    data = json.dumps(state.stats).encode()
                self._send(200, {"Content-Type": "application/json"}, data)
                return
            fault, delay = state.draw()
            if delay > 0:
                time.sleep(delay)
            proto = protocol(self.headers, body, self.path)
            subject = self.path + "\n" + body.decode("utf-8", "replace")
            subject = subject + "\n" + urllib.parse.unquote_plus(subject)
            if state.deny and state.deny.search(subject):
                state.count("denied")
                self._send(*denied_response(proto))
                return
            if state.exempt and state.exempt.search(subject):
                fault = None
            if fault == "drop":
                state.count("dropped")
                self.close_connection = True
                try:
                    self.connection.shutdown(2)
                except OSError:
                    pass
                return
            if fault == "throttle":
                state.count("throttled")
                self._send(*throttle_response(proto))
                return
            if fault == "error":
                state.count("errors")
                with state.lock:
                    resp = error_response(proto, state.rng)
                self._send(*resp)
                return
            conn = http.client.HTTPConnection(up.hostname, up.port, timeout=120)
            try:
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                headers["Host"] = self.headers.get("Host", up.netloc)
                conn.request(self.command, self.path, body=body, headers=headers)
                r = conn.getresponse()
                data = r.read()
                out = {k: v for k, v in r.getheaders() if k.lower() not in HOP_BY_HOP}
                state.count("forwarded")
                self._send(r.status, out, data)
            finally:
                conn.close()

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = _handle

    return Handler


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--listen", type=int, required=True, help="port on 127.0.0.1")
    ap.add_argument("--upstream", required=True)
    ap.add_argument("--throttle", type=float, default=0.0)
    ap.add_argument("--error", type=float, default=0.0)
    ap.add_argument("--drop", type=float, default=0.0)
    ap.add_argument("--latency", type=float, default=0.0)
    ap.add_argument("--jitter", type=float, default=0.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--exempt", default="")
    ap.add_argument("--deny", default="")
    args = ap.parse_args()
    if not args.upstream.startswith(("http://127.0.0.1", "http://localhost")):
        print("refusing a non-loopback upstream", file=sys.stderr)
        return 2
    state = State(args)
    server = ThreadingHTTPServer(("127.0.0.1", args.listen), make_handler(state, args.upstream))
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"fault proxy on 127.0.0.1:{args.listen} -> {args.upstream}", file=sys.stderr, flush=True)
    server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
