"""kampungkb-contoh: the example kampungkb plugin for "Provinsi Contoh", a FICTIONAL province.

Nothing here describes a real province, regulation or programme: it shows a provincial
developer how to package their own Kampung KB indicator set. The plugin itself is
:mod:`kampungkb_contoh.plugin`; kampungkb finds it through the ``kampungkb`` entry point.
"""

from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__"]
