"""The playground's events pane: each new Event (or a repeat of one) as a line, oldest first,
as ``kubectl get events --watch`` prints them.

Only what changed since the last look is written: an event is known by its uid and count, so a
back-off that repeats adds a line with its new count and nothing is drawn twice.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import RichLog

from kubelearn.safe_text import visible

#: Lines kept in the pane (the oldest scroll away).
MAX_LINES = 500
STYLES = {"Warning": "yellow"}


class EventsPane(RichLog):
    def __init__(self, **kwargs) -> None:
        super().__init__(max_lines=MAX_LINES, wrap=True, markup=False, highlight=False,
                         min_width=20, **kwargs)
        self._seen_version = 0

    def show_new(self, events: list[dict]) -> int:
        """Write the events changed since the last call; how many lines were written."""
        fresh = [e for e in events
                 if int(e["metadata"].get("resourceVersion", "0")) > self._seen_version]
        if not fresh:
            return 0
        fresh.sort(key=lambda e: int(e["metadata"]["resourceVersion"]))
        self._seen_version = int(fresh[-1]["metadata"]["resourceVersion"])
        for event in fresh:
            self.write(event_line(event))
        return len(fresh)


def event_line(event: dict) -> Text:
    """``09:00:05 Normal ScalingReplicaSet deployment/web: Scaled up ... (x3)``."""
    involved = event.get("involvedObject", {})
    when = str(event.get("lastTimestamp", ""))[11:19]
    count = event.get("count", 1)
    repeat = f" (x{count})" if isinstance(count, int) and count > 1 else ""
    kind = str(involved.get("kind", "")).lower()
    line = Text(f"{when} ", style="dim")
    line.append(visible(f"{event.get('reason', '')} ", keep_newlines=False),
                style=STYLES.get(event.get("type", ""), "bold"))
    line.append(visible(f"{kind}/{involved.get('name', '')}: {event.get('message', '')}{repeat}",
                        keep_newlines=False))
    return line
