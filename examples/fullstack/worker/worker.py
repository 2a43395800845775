"""Background worker: posts a heartbeat to the API every few seconds."""
import os
import signal
import sys
import time
import urllib.request

running = True


def stop(_signum, _frame):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
api = os.environ.get("API_URL", "http://127.0.0.1:3000")
interval = float(os.environ.get("WORKER_INTERVAL", "2"))
while running:
    try:
        with urllib.request.urlopen(urllib.request.Request(api + "/api/heartbeat", method="POST"), timeout=2) as r:
            print("worker: heartbeat ->", r.read().decode(), flush=True)
    except OSError as e:
        print("worker: api not reachable:", e, flush=True)
    time.sleep(interval)
sys.exit(0)
