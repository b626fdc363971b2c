"""PyInstaller runtime hook: FAZHI_REPORT_MODULES_LOG=file lists the imported modules at exit.

A frozen program has no ``-X importtime`` and ignores PYTHON* variables; this lets the smoke test
see from outside what the bundle imported (``--help`` and ``validate`` must not import python-docx
or lxml) and where each module came from (all from the bundle, none from a Python on the machine).
One line per module: name, a tab, its file (empty for built-in modules). Unset, it costs one lookup.
"""

import os

_log = os.environ.get("FAZHI_REPORT_MODULES_LOG")
if _log:
    import atexit
    import sys

    def _write_modules(path: str = _log) -> None:
        lines = []
        for name, module in sorted(list(sys.modules.items()), key=lambda item: item[0]):
            file = getattr(module, "__file__", None)
            lines.append(f"{name}\t{file if isinstance(file, str) else ''}\n")
        with open(path, "w", encoding="utf-8", errors="backslashreplace") as out:
            out.writelines(lines)

    atexit.register(_write_modules)
