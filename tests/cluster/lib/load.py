#!/usr/bin/env python3
"""Load for the cluster fault tests: reader and writer clients against nginx, each on a
keep-alive HTTPS connection of its own (a new one after any error), until a stop file
appears. Readers GET the task list, writers POST a task with a unique title. Every
response is written as one line to OUT:

    R|W STATUS CONTENT_TYPE JSON(1|0) RETRY_AFTER(1|0) MILLIS TITLE

(STATUS 000 when no answer came within the 10 s timeout or the connection broke;
TITLE "-" for reads). Usage: load.py URL CA TOKEN READERS WRITERS STOPFILE OUT PREFIX
"""
import http.client
import json
import os
import ssl
import sys
import threading
import time
import urllib.parse

url, ca, token, readers, writers, stopfile, out, prefix = sys.argv[1:9]
parsed = urllib.parse.urlsplit(url)
context = ssl.create_default_context(cafile=ca)
lock = threading.Lock()
sink = open(out, "w", buffering=1)


def record(kind, status, ctype, is_json, retry_after, millis, title):
    with lock:
        sink.write(f"{kind} {status} {ctype or '-'} {int(is_json)} {int(retry_after)} {millis} {title}\n")


def client(kind, number):
    conn = None
    i = 0
    headers = {"Authorization": "Bearer " + token}
    while not os.path.exists(stopfile):
        i += 1
        if conn is None:
            conn = http.client.HTTPSConnection(parsed.hostname, parsed.port, context=context, timeout=10)
        title = "-"
        start = time.monotonic()
        try:
            if kind == "R":
                conn.request("GET", "/api/v1/tasks?limit=5", headers=headers)
            else:
                title = f"{prefix}-{number}-{i}"
                body = json.dumps({"title": title})
                conn.request("POST", "/api/v1/tasks", body=body,
                             headers=dict(headers, **{"Content-Type": "application/json"}))
            resp = conn.getresponse()
            data = resp.read()
            ctype = (resp.getheader("Content-Type") or "").split(";")[0]
            try:
                json.loads(data)
                is_json = True
            except ValueError:
                is_json = False
            millis = int((time.monotonic() - start) * 1000)
            record(kind, resp.status, ctype, is_json, resp.getheader("Retry-After") is not None, millis, title)
            if resp.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except Exception:  # a broken connection or a timeout: no answer
            millis = int((time.monotonic() - start) * 1000)
            record(kind, "000", "-", False, False, millis, title)
            conn.close()
            conn = None
        if kind == "W":
            time.sleep(0.02)  # writes at a steady, moderate rate


threads = [threading.Thread(target=client, args=("R", n)) for n in range(int(readers))]
threads += [threading.Thread(target=client, args=("W", n)) for n in range(int(writers))]
for t in threads:
    t.start()
for t in threads:
    t.join()
