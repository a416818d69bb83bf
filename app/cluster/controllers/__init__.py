"""The controllers of the offline cluster, in the order they run at each instant.

Each module models one upstream component; each entry makes the controller for a cluster.
The order only decides who goes first within one instant (all of them run until the cluster
settles), and it is fixed so that transcripts are the same on every run.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from kubelearn.cluster import ingress
from kubelearn.cluster.controllers import (
    deployment,
    endpointslice,
    garbage,
    kubelet,
    loadbalancer,
    replicaset,
    scheduler,
)

if TYPE_CHECKING:
    from kubelearn.cluster.cluster import Cluster

CONTROLLERS: list[Callable[[Cluster], Any]] = [
    deployment.DeploymentController,
    replicaset.ReplicaSetController,
    scheduler.Scheduler,
    kubelet.Kubelet,
    endpointslice.EndpointSliceController,
    loadbalancer.LoadBalancerController,
    ingress.IngressController,
    garbage.GarbageCollector,
]
