"""A background worker: no port, just a heartbeat on stdout."""
import os
import signal
import sys
import time

running = True


def stop(_signum, _frame):
    global running
    running = False


signal.signal(signal.SIGTERM, stop)
interval = float(os.environ.get("WORKER_INTERVAL", "2"))
beats = 0
while running:
    beats += 1
    print(f"worker: heartbeat {beats}", flush=True)
    time.sleep(interval)
print("worker: stopped", flush=True)
sys.exit(0)
