"""The offline cluster: a deterministic model of a small Kubernetes cluster, driven with kubectl.

:class:`~kubelearn.cluster.cluster.Cluster` holds the objects and the virtual clock; the
controllers in :mod:`.controllers` do what kube-controller-manager, the scheduler, the
kubelets and kube-proxy do; :mod:`.admission` runs every object the learner sends through the
checker first. The fidelity notes (which upstream file each rule comes from) are in each
module. No Textual here: the playground screen renders what this package says.
"""

from __future__ import annotations

from kubelearn.cluster.cluster import Cluster
from kubelearn.cluster.errors import ApiError

__all__ = ["ApiError", "Cluster"]
