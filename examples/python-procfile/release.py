"""Release phase: runs once per release before the web process takes traffic (where migrations go)."""
import os

print(f"release: migrations applied for {os.environ.get('RUNWAY_APP', 'the app')}", flush=True)
