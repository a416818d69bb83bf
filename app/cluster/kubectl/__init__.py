"""kubectl, the learner's hands on the offline cluster: the same commands, flags, tables and
error messages as kubectl 1.33 (k8s.io/kubectl), run against :class:`~kubelearn.cluster.Cluster`.

``run(cluster, line)`` runs one command line and returns what kubectl would print (stdout,
stderr, exit status) plus our own explanations as ``notes`` in the cluster's language;
``complete(cluster, line)`` offers what could come next. Nothing a learner types ends in a
traceback: a mistake gets kubectl's own kind of answer. One module per verb group; the
printers port pkg/printers/internalversion (``get``) and pkg/describe (``describe``).
"""

from __future__ import annotations

from kubelearn.cluster.kubectl.core import Result
from kubelearn.cluster.kubectl.runner import complete, run

__all__ = ["Result", "complete", "run"]
