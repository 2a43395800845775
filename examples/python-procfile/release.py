"""Release phase: runs once per release before the web process takes traffic (like a migration)."""
import datetime
import json

with open("release-info.json", "w", encoding="utf-8") as f:
    json.dump({"releasedAt": datetime.datetime.now(datetime.timezone.utc).isoformat()}, f)
print("release: migrations applied")
