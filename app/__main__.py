"""``python -m kubelearn``: the same as the ``kubelearn`` command."""

from kubelearn.cli import main

raise SystemExit(main())
