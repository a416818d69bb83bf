from __future__ import annotations

import pytest

from kubelearn.cluster import Cluster


@pytest.fixture
def cluster() -> Cluster:
    return Cluster(seed=0)
