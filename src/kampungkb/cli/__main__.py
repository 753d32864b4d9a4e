"""``python -m kampungkb.cli …``: the same as the ``kampungkb`` command."""

from __future__ import annotations

import sys

from kampungkb.cli import main

sys.exit(main())
