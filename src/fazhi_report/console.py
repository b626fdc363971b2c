"""The installed command's first module: the collector is tuned (:mod:`.collector`) before
anything is imported; a library caller's collector is left as it is."""

from .collector import collect_rarely

collect_rarely()

from .cli.program import entry  # noqa: E402  (after the collector is tuned, on purpose)


def run() -> None:
    entry()
