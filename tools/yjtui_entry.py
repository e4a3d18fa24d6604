"""The one-folder build's program (tools/build_onefolder.py): the `yjtui` command itself."""

import multiprocessing
import sys

from yjtui.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
